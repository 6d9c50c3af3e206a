import type { CatalogEntry, EntitlementType, GrantChanges, Stated } from './types.js'

/** The value a `Stated` fact gives, documented or assumed: what Rollcall acts on. */
export function statedValue<T>(fact: Stated<T>): T {
  return fact.documented ? fact.value : fact.assumed
}

/** The entry's entitlement type reached through `source`, if it has one. */
export function entitlementTypeOf(
  entry: CatalogEntry,
  source: EntitlementType['source'],
): EntitlementType | undefined {
  return entry.entitlements.find((type) => type.source === source)
}

/** How grants of this type change, whatever the documentation status. */
export function grantChangesOf(type: EntitlementType): GrantChanges {
  return statedValue(type.grants)
}

/**
 * Whether an entitlement with this display name is privileged by default: any of the type's
 * patterns matches, ignoring case. A plan asks for approval before removing such a grant.
 * @example isPrivilegedName(stensulRole, 'Admin') // true
 */
export function isPrivilegedName(
  type: Pick<EntitlementType, 'privileged'>,
  displayName: string,
): boolean {
  return statedValue(type.privileged).some((source) => new RegExp(source, 'i').test(displayName))
}
