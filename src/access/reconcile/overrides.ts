/**
 * Access overrides as the planner reads them (issue 18), pure: per (person, app), the decisive
 * override of each entitlement and of the account. An override outranks the app's rules while
 * it is active; when several active ones name the same entitlement (a review revoked it, then a
 * request was approved), the newest decides: the later human decision wins. A 'grant' whose
 * `until` passed is no longer active but is remembered (`expired`), so the grant it gave is
 * removed with words that say why, and nothing grants it again.
 */

/** One override in evidence and reasons: who decided (`sourceType` / `sourceId`), until when. */
export type OverrideRef = {
  readonly id: string
  readonly sourceType: 'request' | 'review'
  readonly sourceId: string
  readonly reason: string
  readonly until: string | null
  readonly createdAt: string
}

/** The decisive override of one thing (an entitlement or the account). */
export type Decisive = { readonly effect: 'grant' | 'revoke'; readonly ref: OverrideRef }

/** One (person, app) pair's overrides. */
export type PairOverrides = {
  /** Entitlement id → the decisive active override. */
  readonly entitlements: ReadonlyMap<string, Decisive>
  /** Entitlement id → an expired 'grant' (no active override names the entitlement). */
  readonly expired: ReadonlyMap<string, OverrideRef>
  /** The decisive active override of the account itself (entitlement null). */
  readonly account?: Decisive
  /** An expired 'grant' of the account, when no active one names it. */
  readonly accountExpired?: OverrideRef
}

/** person id → app id → the pair's overrides. */
export type ChunkOverrides = ReadonlyMap<string, ReadonlyMap<string, PairOverrides>>

/** An override row as the store reads it (not ended: active, or a 'grant' past its `until`). */
export type OverrideInput = OverrideRef & {
  readonly personId: string
  readonly appId: string
  readonly entitlementId: string | null
  readonly effect: 'grant' | 'revoke'
}

type Building = {
  entitlements: Map<string, Decisive>
  expired: Map<string, OverrideRef>
  account?: Decisive
  accountExpired?: OverrideRef
}

/** Whether an override is in force at `now` (ISO instants compare as text). */
export function isActiveAt(until: string | null, now: string): boolean {
  return until === null || until > now
}

/** Groups not-ended overrides by person and app; rows in any order. */
export function groupOverrides(rows: readonly OverrideInput[], now: string): ChunkOverrides {
  const byPerson = new Map<string, Map<string, Building>>()
  const ordered = [...rows].sort(byCreation)
  for (const row of ordered) {
    const apps = byPerson.get(row.personId) ?? new Map<string, Building>()
    byPerson.set(row.personId, apps)
    const pair: Building = apps.get(row.appId) ?? { entitlements: new Map(), expired: new Map() }
    apps.set(row.appId, pair)
    const ref = refOf(row)
    const active = isActiveAt(row.until, now)
    if (!active && row.effect !== 'grant') continue
    if (row.entitlementId === null) {
      if (active) pair.account = { effect: row.effect, ref }
      else pair.accountExpired = ref
    } else if (active) pair.entitlements.set(row.entitlementId, { effect: row.effect, ref })
    else pair.expired.set(row.entitlementId, ref)
  }
  for (const apps of byPerson.values())
    for (const pair of apps.values()) {
      for (const id of pair.entitlements.keys()) pair.expired.delete(id)
      if (pair.account) delete pair.accountExpired
    }
  return byPerson
}

const byCreation = (a: OverrideInput, b: OverrideInput) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1

function refOf(row: OverrideInput): OverrideRef {
  return {
    id: row.id,
    sourceType: row.sourceType,
    sourceId: row.sourceId,
    reason: row.reason,
    until: row.until,
    createdAt: row.createdAt,
  }
}

/** The source in words: "the request req_1", "the review rev_2". */
export function sourceWords(ref: OverrideRef): string {
  return `the ${ref.sourceType} ${ref.sourceId}`
}

/** A grant override in evidence and reasons. */
export function requestEvidence(ref: OverrideRef) {
  return { id: ref.sourceId, type: ref.sourceType, override: ref.id, until: ref.until }
}

/** A revoke override in evidence and reasons. */
export function revokeEvidence(ref: OverrideRef) {
  return {
    ...{ id: ref.sourceId, type: ref.sourceType, override: ref.id },
    ...{ reason: ref.reason, at: ref.createdAt },
  }
}

/**
 * Where the account of a pair stands: whether the person counts as assigned (a decisive
 * 'grant' assigns them until its `until`, a decisive 'revoke' unassigns them whatever the
 * rule says) and which override the evidence names.
 */
export function accountOverride(
  assignedByRule: boolean,
  overrides: PairOverrides | undefined,
): { assigned: boolean; override?: AccountOverrideWords } {
  const decisive = overrides?.account
  if (decisive?.effect === 'revoke')
    return { assigned: false, override: { kind: 'revoked', ref: decisive.ref } }
  if (decisive?.effect === 'grant')
    return assignedByRule
      ? { assigned: true }
      : { assigned: true, override: { kind: 'request', ref: decisive.ref } }
  if (!assignedByRule && overrides?.accountExpired)
    return { assigned: false, override: { kind: 'expired', ref: overrides.accountExpired } }
  return { assigned: assignedByRule }
}

/** Which override explains an account's finding: granted by it, revoked by it, or expired. */
export type AccountOverrideWords = {
  readonly kind: 'request' | 'revoked' | 'expired'
  readonly ref: OverrideRef
}

/** The access override behind an account's finding (issue 18), in evidence. */
export function accountOverrideEvidence(
  override: AccountOverrideWords | undefined,
): Record<string, unknown> {
  if (!override) return {}
  const { ref } = override
  switch (override.kind) {
    case 'request':
      return {
        request: requestEvidence(ref),
        words: `assigned by ${sourceWords(ref)} until ${ref.until}`,
      }
    case 'revoked':
      return {
        revoked: revokeEvidence(ref),
        words: `revoked by ${sourceWords(ref)}: ${ref.reason}`,
      }
    case 'expired':
      return {
        expired: { request: requestEvidence(ref), at: ref.until },
        words: `${sourceWords(ref)} granted it until ${ref.until}: expired`,
      }
  }
}
