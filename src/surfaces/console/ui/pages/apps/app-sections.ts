import type { ComponentType } from 'react'
import type { App, Permission } from '../../api/types.js'
import { AppCatalogEntry } from './app-catalog-entry.js'
import { AppConnection } from './app-connection.js'
import { AppEntitlements } from './app-entitlements.js'
import { AppMappings } from './app-mappings.js'
import { AppTasks } from './app-tasks.js'

/**
 * A section of the app page. The identity graph adds "Accounts" (linked and orphaned) here, and
 * reconciliation the app's findings and plans.
 */
export type AppSection = {
  readonly id: string
  readonly title: string
  readonly requires?: Permission
  readonly component: ComponentType<{ app: App }>
}

export const appSections: readonly AppSection[] = [
  { id: 'connection', title: 'Connection', component: AppConnection },
  { id: 'mappings', title: 'Assignment and mappings', component: AppMappings },
  { id: 'entitlements', title: 'Entitlements', component: AppEntitlements },
  { id: 'tasks', title: 'Open tasks', component: AppTasks },
  { id: 'catalog', title: 'Catalog entry', component: AppCatalogEntry },
]
