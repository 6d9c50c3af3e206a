import type { EntitlementFilter } from '../../api/access.js'
import type { EntitlementKind, EntitlementType, EntitlementView } from '../../api/types.js'

/** Every kind the API knows, in the order the kind filter offers them. */
export const ENTITLEMENT_KINDS: readonly EntitlementKind[] = [
  'group',
  'role',
  'license',
  'permission',
]

/**
 * Whether a filter narrows the list (an empty list then means "no match", not "none"). Showing
 * removed entitlements widens it, so it does not count.
 */
export function isFiltered(filter: EntitlementFilter): boolean {
  return Boolean(filter.kind || filter.q?.trim())
}

/** "Showing 3 roles (1 privileged, 1 removed).", "Showing 1 entitlement." */
export function describeEntitlements(
  items: readonly Pick<EntitlementView, 'privileged' | 'removedAt'>[],
  kind: EntitlementKind | '' = '',
): string {
  const noun = kind || 'entitlement'
  const privileged = items.filter((item) => item.privileged).length
  const removed = items.filter((item) => item.removedAt).length
  const notes = [
    privileged > 0 ? `${privileged} privileged` : null,
    removed > 0 ? `${removed} removed` : null,
  ].filter((note) => note !== null)
  const tail = notes.length > 0 ? ` (${notes.join(', ')})` : ''
  return `Showing ${items.length} ${noun}${items.length === 1 ? '' : 's'}${tail}.`
}

/** "3 members", "1 member", "no members". */
export function describeMembers(members: number): string {
  if (members === 0) return 'no members'
  return `${members} member${members === 1 ? '' : 's'}`
}

/**
 * Why an app lists no entitlements, when the catalog says: it has none Rollcall knows of, or
 * they are kept by hand (no API lists them). Null when the app's connector does list them (the
 * plain empty state then stands) or the catalog entry does not say.
 */
export function unlistedReason(
  appName: string,
  types: readonly Pick<EntitlementType, 'label' | 'source'>[] | undefined,
): string | null {
  if (types === undefined) return null
  if (types.length === 0) {
    return `Rollcall knows of no groups, roles, licenses or permissions in ${appName}: its connector does not list any.`
  }
  const manual = types.filter((type) => type.source === 'manual')
  if (manual.length < types.length) return null
  const labels = manual.map((type) => `${type.label}s`).join(' and ')
  return `${appName}'s connector cannot list its ${labels}: no API reads them, they are kept by hand in ${appName}.`
}
