import type {
  CreateRule,
  Documented,
  EntitlementType,
  RateLimitHint,
  ScimProfile,
  Stated,
  Undocumented,
  UpdateRule,
  UserField,
} from '../types.js'

/** Small builders that keep the entries readable; they add no facts of their own. */

export const SECOND = 1_000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

export function undocumented(note?: string): Undocumented {
  return note === undefined ? { documented: false } : { documented: false, note }
}

export function documented<T>(value: T, note?: string): Documented<T> {
  return note === undefined ? { documented: true, value } : { documented: true, value, note }
}

export function field(
  name: string,
  type: UserField['type'],
  onCreate: CreateRule,
  onUpdate: UpdateRule,
  notes?: string,
): UserField {
  return notes === undefined
    ? { name, type, onCreate, onUpdate }
    : { name, type, onCreate, onUpdate, notes }
}

/**
 * A SCIM compatibility profile. Defaults are the RFC 7644 behaviour; where an app's docs are
 * silent, the default page size is small so that an undocumented cap cannot silently truncate.
 */
export function scimProfile(
  id: string,
  overrides: Partial<Omit<ScimProfile, 'id'>> = {},
): ScimProfile {
  return {
    id,
    patchOpCase: 'lowercase',
    deactivateWith: 'patch',
    lookupFilters: ['userName'],
    pageSize: 100,
    listsInactiveUsers: undocumented(),
    contentType: 'application/scim+json',
    ...overrides,
  }
}

/** RFC 7643 §4.1 core user attributes, for SCIM apps that document nothing beyond the standard. */
export function scimCoreFields(rule: CreateRule = 'undocumented'): UserField[] {
  return [
    field('userName', 'string', 'required', 'optional', 'RFC 7643 §4.1: required and unique'),
    field('externalId', 'string', rule, rule === 'undocumented' ? 'undocumented' : 'optional'),
    field('name', 'object', rule, rule === 'undocumented' ? 'undocumented' : 'optional'),
    field('emails', 'multi', rule, rule === 'undocumented' ? 'undocumented' : 'optional'),
    field('active', 'boolean', rule, rule === 'undocumented' ? 'undocumented' : 'optional'),
  ]
}

/** The figure a connection's token bucket starts from; it must be one of the published limits. */
export function limitHint(requests: number, windowMs: number, note?: string): RateLimitHint {
  return note === undefined
    ? { documented: true, requests, windowMs }
    : { documented: true, requests, windowMs, note }
}

/** A fact Rollcall acts on although the vendor does not document it; the note says why. */
export function assumed<T>(value: T, note: string): Stated<T> {
  return { documented: false, assumed: value, note }
}

/**
 * Where no vendor marks entitlements as privileged: names that read as administration (admin,
 * administrator, owner, super admin, root) are privileged by default. An assumption, said so.
 */
export const PRIVILEGED_BY_NAME: Stated<string[]> = assumed(
  ['\\badmin', '\\bowner', '\\bsuper ?admin', '\\broot\\b'],
  'Not documented: names that read as administration (admin, owner, super admin, root) are treated as privileged',
)

/** An entitlement type; `privileged` defaults to the by-name assumption. */
export function entitlement(
  kind: EntitlementType['kind'],
  label: string,
  source: EntitlementType['source'],
  facts: Pick<EntitlementType, 'readOnly' | 'grants'> &
    Partial<Pick<EntitlementType, 'privileged' | 'notes'>>,
): EntitlementType {
  return { kind, label, source, privileged: PRIVILEGED_BY_NAME, ...facts }
}

/** A fact the vendor documents, in the `Stated` form entitlement types use. */
export function stated<T>(value: T, note?: string): Stated<T> {
  return note === undefined ? { documented: true, value } : { documented: true, value, note }
}
