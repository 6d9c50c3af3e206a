import type { ComponentType } from 'react'
import type { Permission, PersonDetail } from '../../api/types.js'
import { PersonAccess } from './person-access.js'
import { PersonAccounts } from './person-accounts.js'
import { PersonAmbiguities } from './person-ambiguities.js'
import { PersonAttributes } from './person-attributes.js'
import { PersonFindings } from './person-findings.js'
import { PersonHistory } from './person-history.js'
import { PersonSources } from './person-sources.js'
import { PersonTasks } from './person-tasks.js'

/** A section of the person page; offboarding adds its plan and residual-access windows here. */
export type PersonSection = {
  readonly id: string
  readonly title: string
  readonly requires?: Permission
  readonly component: ComponentType<{ person: PersonDetail }>
}

export const personSections: readonly PersonSection[] = [
  { id: 'accounts', title: 'Accounts across apps', component: PersonAccounts },
  { id: 'access', title: 'Access', component: PersonAccess },
  { id: 'findings', title: 'Findings', component: PersonFindings },
  { id: 'attributes', title: 'Attributes', component: PersonAttributes },
  { id: 'sources', title: 'Where this person comes from', component: PersonSources },
  { id: 'ambiguities', title: 'Ambiguous matches', component: PersonAmbiguities },
  { id: 'tasks', title: 'Tasks in apps without an API', component: PersonTasks },
  { id: 'history', title: 'History', requires: 'audit:read', component: PersonHistory },
]
