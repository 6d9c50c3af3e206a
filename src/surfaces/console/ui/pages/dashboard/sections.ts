import type { ComponentType } from 'react'
import type { Permission } from '../../api/types.js'
import { AppsSummary } from './apps-summary.js'
import { FindingsSummary } from './findings-summary.js'
import { HeldPlans } from './held-plans.js'
import { OverdueTasks } from './overdue-tasks.js'
import { PeopleSummary } from './people-summary.js'
import { RecentActivity } from './recent-activity.js'
import { ResidualAccess } from './residual-access.js'
import { SourcesSummary } from './sources-summary.js'

/** One section of the dashboard; sections exist only for data the hub has. */
export type DashboardSection = {
  readonly id: string
  readonly title: string
  readonly requires?: Permission
  readonly component: ComponentType
}

export const dashboardSections: readonly DashboardSection[] = [
  { id: 'people', title: 'People', component: PeopleSummary },
  { id: 'findings', title: 'Open findings', component: FindingsSummary },
  { id: 'held-plans', title: 'Held plans', component: HeldPlans },
  { id: 'overdue-tasks', title: 'Overdue tasks', component: OverdueTasks },
  { id: 'residual', title: 'Residual access', component: ResidualAccess },
  { id: 'apps', title: 'Apps', component: AppsSummary },
  { id: 'sources', title: 'Sources of people', component: SourcesSummary },
  { id: 'activity', title: 'Recent activity', requires: 'audit:read', component: RecentActivity },
]
