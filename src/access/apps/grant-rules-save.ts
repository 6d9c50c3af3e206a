import type { z } from 'zod'
import {
  type CatalogEntry,
  getCatalogEntry,
  grantChangesOf,
} from '../../integrations/catalog/index.js'
import type { ConnectedApp, ConnectorRegistry } from '../../integrations/connectors/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import { appErrors } from './apps-errors.js'
import type { GrantRule, GrantRuleInput } from './grant-rules.js'
import { type EntitlementLookup, resolveGrantRules } from './grant-rules-resolve.js'

export type GrantRulesSaveDeps = {
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly connectors: Pick<ConnectorRegistry, 'connect'>
  readonly entitlements: EntitlementLookup
  /** The catalog (a parameter so a test can give an app whose grants never change). */
  readonly catalog?: (catalogId: string) => CatalogEntry | undefined
}

/**
 * The rules `app update` stores for `inputs`, resolved against the app's live entitlements, its
 * catalog entry and its connector's capabilities; throws APP_GRANT_RULE_INVALID (400) naming
 * every bad rule. An empty list needs none of these: clearing the rules is always possible.
 */
export async function grantRulesToSave(
  deps: GrantRulesSaveDeps,
  app: ConnectedApp & { readonly grants: readonly GrantRule[] },
  inputs: readonly GrantRuleInput[],
): Promise<GrantRule[]> {
  if (inputs.length === 0) return []
  const entry = (deps.catalog ?? getCatalogEntry)(app.catalogId)
  const built = deps.connectors.connect(app)
  const resolved = resolveGrantRules(inputs, {
    appName: app.name,
    entitlements: await deps.entitlements(app.workspaceId, app.id),
    grantChanges: (kind) => {
      const type = entry?.entitlements.find((t) => t.kind === kind)
      return type === undefined ? undefined : grantChangesOf(type)
    },
    managesGrants: built.ok && built.value.manifest.capabilities.includes('manage_grants'),
    now: deps.clock.now(),
    existing: app.grants,
    newId: () => deps.ids.next(),
  })
  if (resolved.ok) return resolved.rules
  throw invalidGrantRules(resolved.problems)
}

/** APP_GRANT_RULE_INVALID with every problem in `details.problems`. */
export function invalidGrantRules(problems: readonly string[]) {
  return appErrors.error('APP_GRANT_RULE_INVALID', `Invalid grant rules: ${problems.join('; ')}`, {
    problems,
  })
}

/**
 * The problems of an `app update` body that zod refused, with a rule named by its index
 * (`grants[2].filter: ...`); a body whose only problems are in its grant rules is a bad grant
 * rule (400), anything else stays APP_INVALID.
 */
export function updateProblems(error: z.ZodError): { problems: string[]; onlyGrants: boolean } {
  const problems = error.issues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`)
  const onlyGrants = error.issues.every((issue) => issue.path[0] === 'grants')
  return { problems, onlyGrants }
}

function pathOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)'
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('')
}
