import type { ComponentType } from 'react'
import type { Permission } from '../../api/types.js'
import { AppsSummary } from './apps-summary.js'
import { OverdueTasks } from './overdue-tasks.js'
import { PeopleSummary } from './people-summary.js'
import { RecentActivity } from './recent-activity.js'
import { SourcesSummary } from './sources-summary.js'

/**
 * One section of the dashboard. Sections exist for data the hub has; reconciliation adds
 * "Open findings" and "Held plans", and offboarding "Residual access", as entries here.
 */
export type DashboardSection = {
  readonly id: string
  readonly title: string
  readonly requires?: Permission
  readonly component: ComponentType
}

export const dashboardSections: readonly DashboardSection[] = [
  { id: 'people', title: 'People', component: PeopleSummary },
  { id: 'overdue-tasks', title: 'Overdue tasks', component: OverdueTasks },
  { id: 'apps', title: 'Apps', component: AppsSummary },
  { id: 'sources', title: 'Sources of people', component: SourcesSummary },
  { id: 'activity', title: 'Recent activity', requires: 'audit:read', component: RecentActivity },
]
