import { isRecord } from '../../../shared/json.js'
import { err, ok, type Result } from '../../../shared/result.js'
import type { CatalogEntry } from '../../catalog/index.js'
import type { AccountChanges, NewAccount, RemoteAccount, RemoteGroup } from '../connector.js'
import { ConnectorError } from '../connector-errors.js'
import { badResponse } from './okta-http.js'

/**
 * Okta user lifecycle states (developer.okta.com/docs/reference/api/users/#user-status).
 * STAGED users have not been activated, SUSPENDED ones are paused by an admin, DEPROVISIONED
 * ones are deactivated; the rest can sign in or are about to (PROVISIONED: activation pending).
 */
export const OKTA_STATUSES = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'LOCKED_OUT',
  'PASSWORD_EXPIRED',
  'SUSPENDED',
  'DEPROVISIONED',
] as const

export type OktaStatus = (typeof OKTA_STATUSES)[number]

const INACTIVE = new Set<string>(['STAGED', 'SUSPENDED', 'DEPROVISIONED'])

/**
 * "list all users" leaves DEPROVISIONED users out (developer.okta.com/docs/reference/user-query);
 * a `search` naming every status lists them all, so deactivated accounts are seen as such and
 * never mistaken for missing ones.
 */
export const EVERY_STATUS_SEARCH = OKTA_STATUSES.map((status) => `status eq "${status}"`).join(
  ' or ',
)

export type OktaUser = {
  readonly id: string
  readonly status: string
  readonly lastUpdated?: string
  readonly profile: Readonly<Record<string, unknown>>
  readonly raw: Readonly<Record<string, unknown>>
}

/** Reads one user of an Okta answer. */
export function readOktaUser(body: unknown): Result<OktaUser, ConnectorError> {
  if (!isRecord(body) || typeof body.id !== 'string' || !isRecord(body.profile)) {
    return err(badResponse('a user without id or profile'))
  }
  const { _links: _l, _embedded: _e, credentials: _c, ...raw } = body
  return ok({
    id: body.id,
    status: typeof body.status === 'string' ? body.status : 'ACTIVE',
    ...(typeof body.lastUpdated === 'string' ? { lastUpdated: body.lastUpdated } : {}),
    profile: body.profile,
    raw,
  })
}

export function isActiveStatus(status: string): boolean {
  return !INACTIVE.has(status)
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined

export function toRemoteAccount(user: OktaUser): RemoteAccount {
  const p = user.profile
  const email = text(p.email)
  const second = text(p.secondEmail)
  const given = text(p.firstName)
  const family = text(p.lastName)
  const display = text(p.displayName) ?? ([given, family].filter(Boolean).join(' ') || undefined)
  return {
    id: user.id,
    userName: text(p.login) ?? user.id,
    emails: [
      ...(email ? [{ value: email, primary: true, type: 'work' }] : []),
      ...(second ? [{ value: second, type: 'other' }] : []),
    ],
    active: isActiveStatus(user.status),
    ...(display ? { displayName: display } : {}),
    name: { ...(given ? { givenName: given } : {}), ...(family ? { familyName: family } : {}) },
    raw: user.raw,
  }
}

export function readOktaGroup(body: unknown): Result<RemoteGroup, ConnectorError> {
  if (!isRecord(body) || typeof body.id !== 'string' || !isRecord(body.profile)) {
    return err(badResponse('a group without id or profile'))
  }
  const { _links: _l, ...raw } = body
  return ok({ id: body.id, displayName: text(body.profile.name) ?? body.id, raw })
}

type Profile = Record<string, string>

/** Account fields → Okta profile properties; anything else has no Okta place and is refused. */
function profileOf(account: Omit<AccountChanges, 'active'>): Profile {
  const fields: Profile = {}
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined) fields[name] = value
  }
  set('profile.login', account.userName)
  const emails = account.emails ?? []
  const primary = emails.find((e) => e.primary) ?? emails[0]
  set('profile.email', primary?.value)
  set('profile.secondEmail', emails.find((e) => e !== primary)?.value)
  set('profile.firstName', account.name?.givenName)
  set('profile.lastName', account.name?.familyName)
  set('profile.displayName', account.displayName)
  set('externalId', account.externalId)
  for (const [key, value] of Object.entries(account.attributes ?? {})) {
    set(key.startsWith('profile.') ? key : `profile.${key}`, value === null ? '' : String(value))
  }
  return fields
}

function refused(what: string, names: readonly string[], entry: CatalogEntry): ConnectorError {
  return new ConnectorError({
    class: 'invalid',
    message: `${entry.name} ${what}: ${names.join(', ')} (seed 004 field restrictions)`,
  })
}

/**
 * The profile of a create, checked against the catalog's field rules (seed 004: create sets
 * only first name, last name, username, email, activated and mobile phone). Fields the catalog
 * requires must be there; fields it does not list, or lists as unsupported, are refused.
 */
export function createProfile(
  input: NewAccount,
  entry: CatalogEntry,
): Result<Profile, ConnectorError> {
  const fields = profileOf(input)
  const rules = new Map(entry.userFields.map((f) => [f.name, f.onCreate]))
  const notAllowed = Object.keys(fields).filter((name) => {
    const rule = rules.get(name)
    return rule === undefined || rule === 'unsupported' || rule === 'undocumented'
  })
  if (notAllowed.length > 0) return err(refused('cannot set on create', notAllowed, entry))
  const missing = [...rules]
    .filter(([name, rule]) => rule === 'required' && fields[name] === undefined)
    .map(([name]) => name)
  if (missing.length > 0) return err(refused('requires on create', missing, entry))
  return ok(stripPrefix(fields))
}

/**
 * The profile properties an update changes (Okta's partial update, POST /api/v1/users/{id}),
 * only those that differ from `current`, checked against the catalog (seed 004: update changes
 * only first name, last name, email, login and mobile phone).
 */
export function updateProfile(
  changes: AccountChanges,
  current: OktaUser,
  entry: CatalogEntry,
): Result<Profile, ConnectorError> {
  const { active: _active, ...rest } = changes
  const fields = profileOf(rest)
  const rules = new Map(entry.userFields.map((f) => [f.name, f.onUpdate]))
  const changed = Object.entries(stripPrefix(fields)).filter(
    ([name, value]) => (text(current.profile[name]) ?? '') !== value,
  )
  const notAllowed = changed
    .map(([name]) => (name === 'externalId' ? name : `profile.${name}`))
    .filter((name) => rules.get(name) !== 'optional')
  if (notAllowed.length > 0) return err(refused('cannot change on update', notAllowed, entry))
  return ok(Object.fromEntries(changed))
}

function stripPrefix(fields: Profile): Profile {
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [name.replace(/^profile\./, ''), value]),
  )
}
