import type { PageDefinition } from '../app/pages.js'
import { AppPage } from './apps/app-page.js'
import { AppsPage } from './apps/apps-page.js'
import { AuditPage } from './audit/audit-page.js'
import { DashboardPage } from './dashboard/dashboard-page.js'
import { FindingsPage } from './findings/findings-page.js'
import { PeoplePage } from './people/people-page.js'
import { PersonPage } from './people/person-page.js'
import { PlanPage } from './plans/plan-page.js'
import { PlansPage } from './plans/plans-page.js'
import { RequestsPage } from './requests/requests-page.js'
import { ReviewPage } from './reviews/review-page.js'
import { ReviewsPage } from './reviews/reviews-page.js'
import { SettingsPage } from './settings/settings-page.js'
import { SignInPage } from './sign-in/sign-in-page.js'
import { TasksPage } from './tasks/tasks-page.js'
import { PersonTracePage } from './trace/person-trace-page.js'

/** Every page of the console; issue 8 adds `approvals` and `offboarding`, one entry each. */
export const pages: readonly PageDefinition[] = [
  { id: 'sign-in', path: '/sign-in', component: SignInPage, public: true },
  { id: 'dashboard', path: '/', component: DashboardPage, nav: { label: 'Dashboard', order: 10 } },
  { id: 'people', path: '/people', component: PeoplePage, nav: { label: 'People', order: 20 } },
  { id: 'person', path: '/people/:id', component: PersonPage },
  { id: 'person-trace', path: '/people/:id/trace', component: PersonTracePage },
  { id: 'apps', path: '/apps', component: AppsPage, nav: { label: 'Apps', order: 30 } },
  { id: 'app', path: '/apps/:id', component: AppPage },
  {
    id: 'findings',
    path: '/findings',
    component: FindingsPage,
    nav: { label: 'Findings', order: 40 },
  },
  { id: 'plans', path: '/plans', component: PlansPage, nav: { label: 'Plans', order: 50 } },
  { id: 'plan', path: '/plans/:id', component: PlanPage },
  { id: 'tasks', path: '/tasks', component: TasksPage, nav: { label: 'Tasks', order: 60 } },
  { id: 'reviews', path: '/reviews', component: ReviewsPage, nav: { label: 'Reviews', order: 70 } },
  { id: 'review', path: '/reviews/:id', component: ReviewPage },
  {
    id: 'requests',
    path: '/requests',
    component: RequestsPage,
    nav: { label: 'Requests', order: 75 },
  },
  {
    id: 'audit',
    path: '/audit',
    component: AuditPage,
    requires: 'audit:read',
    nav: { label: 'Audit log', order: 80 },
  },
  {
    id: 'settings',
    path: '/settings',
    component: SettingsPage,
    nav: { label: 'Settings', order: 90 },
  },
]
