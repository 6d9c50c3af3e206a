import type { CorrelationKeys } from './person-record.js'

export type MatchedOn = 'externalId' | 'userName' | 'email'

/** A person a record's identifiers point at, and why. */
export type Candidate = {
  readonly personId: string
  readonly matchedOn: readonly MatchedOn[]
  /** The person already has another live record from the same source. */
  readonly takenBySameSource: boolean
}

export type Correlation =
  | { readonly kind: 'new' }
  | { readonly kind: 'match'; readonly personId: string; readonly matchedOn: readonly MatchedOn[] }
  | {
      readonly kind: 'ambiguous'
      readonly candidates: readonly Candidate[]
      readonly reason: string
    }

/**
 * Decides which person a record belongs to (pure). Identifiers are compared case-insensitively:
 * externalId, userName, and any email. One candidate is a match; none is a new person. A record
 * whose identifiers point at two different people is never merged (merging would fuse two
 * people's access), nor is one that points at a person its own source already has under another
 * key (two accounts at one source are two people until someone says otherwise): both are
 * ambiguities, recorded for the identity graph to surface.
 */
export function correlate(candidates: readonly Candidate[]): Correlation {
  if (candidates.length === 0) return { kind: 'new' }
  if (candidates.length > 1) {
    return { kind: 'ambiguous', candidates, reason: 'the record matches more than one person' }
  }
  const [only] = candidates
  if (!only) return { kind: 'new' }
  if (only.takenBySameSource) {
    return {
      kind: 'ambiguous',
      candidates,
      reason: 'the source already has another record for the matching person',
    }
  }
  return { kind: 'match', personId: only.personId, matchedOn: only.matchedOn }
}

/** Which identifiers of `keys` a person's stored identifiers share. */
export function matchedOn(
  keys: CorrelationKeys,
  person: { externalIdKey: string | null; userNameKey: string },
  emailHit: boolean,
): MatchedOn[] {
  const on: MatchedOn[] = []
  if (keys.externalId && person.externalIdKey === keys.externalId) on.push('externalId')
  if (person.userNameKey === keys.userName) on.push('userName')
  if (emailHit) on.push('email')
  return on
}
