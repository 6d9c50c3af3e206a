import { createHash } from 'node:crypto'
import type { RemoteAccount } from '../../integrations/connectors/index.js'
import { URN } from '../../protocol/scim/schemas/index.js'
import { findKey, isRecord } from '../../shared/json.js'
import type { AccountAttributes } from './types.js'

/** The lower-cased identifiers an account is correlated on. */
export type AccountKeys = {
  readonly externalId?: string
  readonly userName: string
  readonly primaryEmail?: string
  /** Every email, plus the userName when it is an email address (many apps log in by email). */
  readonly emails: readonly string[]
  readonly employeeNumber?: string
}

/** An account as the graph stores it: what the connector said, its keys and a fingerprint. */
export type AccountRecord = {
  readonly remoteId: string
  readonly userName: string
  readonly displayName: string | null
  readonly active: boolean
  readonly attributes: AccountAttributes
  readonly keys: AccountKeys
  /** Changes exactly when something worth storing changed (not a last-login time). */
  readonly fingerprint: string
}

/**
 * Attributes apps change on their own, on every sign-in or sync (SCIM `meta`, Okta's lifecycle
 * timestamps, HAL links), and the manual connector's provenance times (a re-upload of the same
 * export is not a change). Kept out of the stored account, so a listing that only moved them does
 * not rewrite the row or raise `account.updated`.
 */
const VOLATILE = new Set([
  'meta',
  'lastlogin',
  'lastupdated',
  'statuschanged',
  'passwordchanged',
  'activated',
  'created',
  '_links',
  '_embedded',
  'credentials',
  // When a CSV import or a confirmed task told us about a manual app's account, not the account.
  'importedat',
  'confirmedat',
])

const looksLikeEmail = (text: string) => /^[^@\s]+@[^@\s]+$/.test(text)

/** A connector's account as the graph's record (pure). */
export function toAccountRecord(remote: RemoteAccount): AccountRecord {
  const raw = Object.fromEntries(
    Object.entries(remote.raw).filter(([key]) => !VOLATILE.has(key.toLowerCase())),
  )
  const attributes: AccountAttributes = {
    userName: remote.userName,
    ...(remote.externalId ? { externalId: remote.externalId } : {}),
    ...(remote.displayName ? { displayName: remote.displayName } : {}),
    ...(remote.name ? { name: remote.name } : {}),
    emails: remote.emails,
    raw,
  }
  return {
    remoteId: remote.id,
    userName: remote.userName,
    displayName: remote.displayName ?? null,
    active: remote.active,
    attributes,
    keys: accountKeys(attributes),
    fingerprint: fingerprintOf(remote.active, attributes),
  }
}

export function accountKeys(attributes: AccountAttributes): AccountKeys {
  const emails = attributes.emails.map((e) => e.value.trim().toLowerCase()).filter(Boolean)
  const primary = (attributes.emails.find((e) => e.primary) ?? attributes.emails[0])?.value
  const userName = attributes.userName.trim().toLowerCase()
  if (looksLikeEmail(userName)) emails.push(userName)
  const employeeNumber = employeeNumberOf(attributes.raw)
  const externalId = attributes.externalId?.trim().toLowerCase()
  return {
    userName,
    emails: [...new Set(emails)],
    ...(externalId ? { externalId } : {}),
    ...(primary ? { primaryEmail: primary.trim().toLowerCase() } : {}),
    ...(employeeNumber ? { employeeNumber } : {}),
  }
}

/** SCIM's enterprise extension, a top-level attribute, or Okta's profile. */
function employeeNumberOf(raw: Readonly<Record<string, unknown>>): string | undefined {
  const places = [raw[findKey(raw, URN.enterpriseUser) ?? ''], raw, raw.profile]
  for (const place of places) {
    if (!isRecord(place)) continue
    const value = place[findKey(place, 'employeeNumber') ?? '']
    if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number')
      return String(value).trim()
  }
  return undefined
}

export function fingerprintOf(active: boolean, attributes: AccountAttributes): string {
  return createHash('sha1')
    .update(JSON.stringify([active, attributes]))
    .digest('base64url')
}
