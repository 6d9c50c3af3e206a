import {
  groupResourceSchema,
  normalizeResource,
  type ScimResource,
  URN,
  userResourceSchema,
} from '../../../protocol/scim/schemas/index.js'
import { findKey, isRecord } from '../../../shared/json.js'
import { err, ok, type Result } from '../../../shared/result.js'
import type {
  NameParts,
  NewAccount,
  NewGroup,
  RemoteAccount,
  RemoteEmail,
  RemoteGroup,
} from '../connector.js'
import type { ConnectorError } from '../connector-errors.js'
import { badResponse } from './scim-http.js'

/**
 * Wire ⇄ connector types. Answers are read through the same normalizer the SCIM server uses
 * (`normalizeResource`): attribute names in any case (`UserName`), `"active": "False"`, unknown
 * schema URNs, extra attributes. `raw` keeps the answer as sent.
 */

/** A SCIM User answer as a `RemoteAccount`, or a bad-response error. */
export function toRemoteAccount(body: unknown): Result<RemoteAccount, ConnectorError> {
  const id = idOf(body)
  if (!isRecord(body) || id === undefined) return err(badResponse('a User without an id'))
  const normalized = normalizeResource(body, userResourceSchema, { tolerateUnknownSchemas: true })
  if (!normalized.ok) return err(badResponse('an unreadable User', normalized.error.detail))
  return ok(accountOf(id, normalized.value, body))
}

/** The canonical (normalized) form of a User answer; for diffs against what we want. */
export function canonicalUser(body: unknown): ScimResource | undefined {
  const normalized = normalizeResource(body, userResourceSchema, { tolerateUnknownSchemas: true })
  return normalized.ok ? normalized.value : undefined
}

function accountOf(id: string, user: ScimResource, raw: Record<string, unknown>): RemoteAccount {
  const name = nameOf(user.name)
  return {
    id,
    userName: String(user.userName ?? ''),
    ...(typeof user.externalId === 'string' ? { externalId: user.externalId } : {}),
    emails: emailsOf(user.emails),
    // RFC 7643 §4.1.1 leaves an absent `active` to the provider; apps that omit it are active.
    active: user.active !== false,
    ...(typeof user.displayName === 'string' ? { displayName: user.displayName } : {}),
    ...(name ? { name } : {}),
    raw,
  }
}

function nameOf(value: unknown): NameParts | undefined {
  if (!isRecord(value)) return undefined
  const parts: { givenName?: string; familyName?: string; formatted?: string } = {}
  for (const key of ['givenName', 'familyName', 'formatted'] as const) {
    if (typeof value[key] === 'string') parts[key] = value[key]
  }
  return Object.keys(parts).length > 0 ? parts : undefined
}

function emailsOf(value: unknown): RemoteEmail[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((email) => {
    if (!isRecord(email) || typeof email.value !== 'string') return []
    return [
      {
        value: email.value,
        ...(typeof email.type === 'string' ? { type: email.type } : {}),
        ...(typeof email.primary === 'boolean' ? { primary: email.primary } : {}),
      },
    ]
  })
}

/** A SCIM Group answer as a `RemoteGroup`; members inline when the answer lists them. */
export function toRemoteGroup(body: unknown): Result<RemoteGroup, ConnectorError> {
  const id = idOf(body)
  if (!isRecord(body) || id === undefined) return err(badResponse('a Group without an id'))
  const group = normalizeResource(body, groupResourceSchema, { tolerateUnknownSchemas: true })
  if (!group.ok) return err(badResponse('an unreadable Group', group.error.detail))
  const members = group.value.members
  return ok({
    id,
    displayName: String(group.value.displayName ?? ''),
    ...(typeof group.value.externalId === 'string' ? { externalId: group.value.externalId } : {}),
    ...(Array.isArray(members) ? { memberIds: memberIdsOf(members) } : {}),
    raw: body,
  })
}

function memberIdsOf(members: readonly unknown[]): string[] {
  return members.flatMap((m) => (isRecord(m) && typeof m.value === 'string' ? [m.value] : []))
}

function idOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined
  const key = findKey(body, 'id')
  const id = key === undefined ? undefined : body[key]
  return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : undefined
}

/**
 * The SCIM User to POST for a new account. `attributes` come from the app's mappings and may
 * name any SCIM attribute, extension URNs included; the listed fields win over them.
 */
export function toUserBody(input: NewAccount): ScimResource {
  const body: ScimResource = { ...(input.attributes ?? {}) }
  body.schemas = schemasFor(body)
  body.userName = input.userName
  if (input.externalId !== undefined) body.externalId = input.externalId
  if (input.displayName !== undefined) body.displayName = input.displayName
  if (input.name !== undefined) body.name = { ...input.name }
  if (input.emails.length > 0) body.emails = input.emails.map((email) => ({ ...email }))
  body.active = input.active ?? true
  return body
}

function schemasFor(attributes: ScimResource): string[] {
  const extensions = Object.keys(attributes).filter((key) => key.toLowerCase().startsWith('urn:'))
  return [URN.user, ...extensions]
}

/**
 * Keeps only the attributes the app's /Schemas declares (plus what every resource has): sending
 * an attribute the app does not know gets a 400 from strict servers and is dropped by others.
 */
export function keepDeclared(
  body: ScimResource,
  declared: ReadonlySet<string> | undefined,
): ScimResource {
  if (!declared) return body
  const always = new Set(['schemas', 'id', 'externalid', 'meta'])
  const kept = Object.entries(body).filter(([key]) => {
    const lower = key.toLowerCase()
    return always.has(lower) || declared.has(lower) || lower.startsWith('urn:')
  })
  return Object.fromEntries(kept)
}

/** The SCIM Group to POST. */
export function toGroupBody(input: NewGroup): ScimResource {
  return {
    ...(input.attributes ?? {}),
    schemas: [URN.group],
    displayName: input.displayName,
    ...(input.externalId === undefined ? {} : { externalId: input.externalId }),
  }
}
