import type { AppRules } from './app-rules.js'
import type { OperationKind, OperationPayload } from './types.js'

/** Operations that give access (directly, or as a task for the owner). */
const GRANT_KINDS: ReadonlySet<OperationKind> = new Set([
  'create',
  'update',
  'reactivate',
  'add_grant',
])
const GRANT_TASKS = new Set(['create_account', 'update_account', 'reactivate_account'])
const KIND_OF_TASK: Readonly<Record<string, OperationKind>> = {
  create_account: 'create',
  update_account: 'update',
  reactivate_account: 'reactivate',
  deactivate_account: 'deactivate',
  delete_account: 'delete',
}

/**
 * Why an operation must wait for a person's approval, or undefined (pure). From the app's
 * policy: the kinds it names (`approve`, deletions by default, whether the app deletes
 * through its API or by a task for its owner; `add_grant` / `remove_grant` may be named too);
 * every grant on an app marked `privileged`; a grant that puts the person in one of its
 * `privilegedGroups` (matched case-insensitively against the mapped attributes the operation
 * would write and the entitlements it adds). And by default (issue 15) the removal of a
 * privileged entitlement's grant: taking an admin role away may lock the app's admins out.
 * Privileged grants a deactivation or deletion takes with the account are not held for that:
 * the person is leaving, and holding their offboarding would keep the privilege longer, not
 * shorter (the safety rule still counts them).
 */
export function approvalReason(
  rules: Pick<AppRules, 'app' | 'policy'>,
  kind: OperationKind,
  payload: OperationPayload,
): string | undefined {
  const name = rules.app.name
  const effective = payload.kind === 'task' ? (KIND_OF_TASK[payload.action] ?? kind) : kind
  const grants =
    GRANT_KINDS.has(effective) || (payload.kind === 'task' && GRANT_TASKS.has(payload.action))
  const reasons: string[] = []
  if (rules.policy.approve.includes(kind) || rules.policy.approve.includes(effective))
    reasons.push(`${name}'s policy: ${effective} operations wait for approval.`)
  if (grants && rules.policy.privileged)
    reasons.push(`${name} is a privileged app: granting access waits for approval.`)
  const groups = grants ? privilegedGroupsIn(payload, rules.policy.privilegedGroups) : []
  if (groups.length > 0)
    reasons.push(`${name}: privileged group ${groups.join(', ')} waits for approval.`)
  if (payload.kind === 'remove_grant' && payload.entitlement.privileged)
    reasons.push(
      `${name}: removing the privileged ${payload.entitlement.kind} ${payload.entitlement.displayName} waits for approval.`,
    )
  return reasons.length > 0 ? reasons.join(' ') : undefined
}

function privilegedGroupsIn(payload: OperationPayload, privileged: readonly string[]): string[] {
  if (privileged.length === 0) return []
  const wanted = new Map(privileged.map((g) => [g.toLowerCase(), g]))
  const written =
    payload.kind === 'create' || payload.kind === 'task'
      ? payload.account?.attributes
      : payload.kind === 'update' || payload.kind === 'reactivate'
        ? payload.changes?.attributes
        : undefined
  const found = new Set<string>()
  const entitlements =
    payload.kind === 'add_grant'
      ? [payload.entitlement.displayName]
      : payload.kind === 'create' || payload.kind === 'reactivate' || payload.kind === 'task'
        ? (payload.grants ?? []).map((g) => g.displayName)
        : []
  for (const value of [...valuesOf(written), ...entitlements]) {
    const match = wanted.get(value.toLowerCase())
    if (match) found.add(match)
  }
  return [...found].sort()
}

/** Every string in an attribute value: plain, in arrays, or as `{value}` / `{display}` items. */
function valuesOf(value: unknown, depth = 0): string[] {
  if (depth > 4 || value === null || value === undefined) return []
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap((item) => valuesOf(item, depth + 1))
  if (typeof value === 'object') return Object.values(value).flatMap((v) => valuesOf(v, depth + 1))
  return []
}
