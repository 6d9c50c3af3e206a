import { type CatalogEntry, getCatalogEntry } from '../../integrations/catalog/index.js'
import type { Capability, TaskAction } from '../../integrations/connectors/index.js'
import type { App, Assignment, Policy } from '../apps/index.js'
import { type CompiledGrantRule, compileGrantRules, grantsChangeIn } from './compiled-grants.js'
import { type CompiledMappings, compileMappings } from './mappings/compile-mappings.js'
import type { GrantTarget, OperationKind } from './types.js'

/** Everything the pure planner needs to know about one app. */
export type AppRules = {
  readonly app: Pick<App, 'id' | 'name' | 'catalogId' | 'owner'>
  readonly entry: CatalogEntry | undefined
  readonly assignment: Assignment
  /** The assignment in words, for evidence ("filter: groups.display eq …"). */
  readonly assignmentText: string
  readonly mappings: CompiledMappings
  readonly policy: Policy
  readonly capabilities: ReadonlySet<Capability>
  readonly correlationRules: readonly string[]
  /** The policy as this app can carry it out (deletion falls back to deactivation). */
  readonly deprovision: Policy['deprovision']
  /** The app's grant rules (issue 15), each with its entitlement as the app lists it now. */
  readonly grantRules: readonly CompiledGrantRule[]
  /** The app's live entitlements by our id: what a held grant is, in words and remote id. */
  readonly entitlements: ReadonlyMap<string, GrantTarget>
  /** Whether a grant of this entitlement can be added or removed (connector and catalog). */
  readonly grantsChange: (target: GrantTarget) => boolean
}

/** What the planner wants done; `carryOut` turns it into an operation the app supports. */
export type Intent = 'create' | 'update' | 'reactivate' | 'deactivate' | 'delete'

/**
 * Compiles one app for the planner. `entitlements` are the app's live entitlements (read once
 * per run); without them every grant rule is inert and no held grant is looked at.
 */
export function compileAppRules(
  app: App,
  capabilities: readonly Capability[],
  entitlements: readonly GrantTarget[] = [],
): AppRules {
  const caps = new Set(capabilities)
  const canDelete = caps.has('delete_account') || caps.has('create_tasks')
  const entry = getCatalogEntry(app.catalogId)
  const byId = new Map(entitlements.map((e) => [e.entitlementId, e]))
  return {
    app: { id: app.id, name: app.name, catalogId: app.catalogId, owner: app.owner },
    entry,
    assignment: app.assignment,
    assignmentText: describeAssignment(app.assignment),
    mappings: compileMappings(app.mappings),
    policy: app.policy,
    capabilities: caps,
    correlationRules: app.correlation.rules,
    deprovision: canDelete ? app.policy.deprovision : 'deactivate',
    grantRules: compileGrantRules(app.grants ?? [], byId),
    entitlements: byId,
    grantsChange: grantsChangeIn(entry, caps),
  }
}

export function describeAssignment(assignment: Assignment): string {
  if ('all' in assignment) return 'everyone'
  if ('filter' in assignment) return `filter: ${assignment.filter}`
  return `listed people (${assignment.people.length})`
}

const TASK_ACTION: Readonly<Record<Intent, TaskAction>> = {
  create: 'create_account',
  update: 'update_account',
  reactivate: 'reactivate_account',
  deactivate: 'deactivate_account',
  delete: 'delete_account',
}

/**
 * The operation kind and the connector capability for an intent, from what the app's connector
 * can do: its own capability first, an update of `active` where the app has no dedicated call
 * (Sana reactivates by PATCH), a task for the owner on apps without an API; undefined when the
 * app cannot do it at all (the finding then says so).
 */
export function carryOut(
  intent: Intent,
  capabilities: ReadonlySet<Capability>,
): { kind: OperationKind; capability: Capability; action?: TaskAction } | undefined {
  const own: Readonly<Record<Intent, Capability>> = {
    create: 'create_account',
    update: 'update_account',
    reactivate: 'reactivate_account',
    deactivate: 'deactivate_account',
    delete: 'delete_account',
  }
  if (capabilities.has(own[intent])) return { kind: intent, capability: own[intent] }
  const byUpdate = intent === 'reactivate' || intent === 'deactivate'
  if (byUpdate && capabilities.has('update_account'))
    return { kind: intent, capability: 'update_account' }
  if (capabilities.has('create_tasks'))
    return { kind: 'task', capability: 'create_tasks', action: TASK_ACTION[intent] }
  return undefined
}
