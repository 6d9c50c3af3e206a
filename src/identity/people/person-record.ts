import {
  normalizeResource,
  type ScimResource,
  URN,
  userResourceSchema,
} from '../../protocol/scim/schemas/index.js'
import { isRecord } from '../../shared/json.js'
import { err, ok, type Result } from '../../shared/result.js'
import type { SourceRecord } from './types.js'

export type GroupName = {
  readonly value: string
  readonly display: string
  /** RFC 7643 §4.1.2, when the source says: "direct", or "indirect" through nested groups. */
  readonly type?: 'direct' | 'indirect'
}

/**
 * A source's view of a person as a canonical SCIM User: normalised with the pure SCIM core
 * (attribute case, types, the enterprise extension), `active` defaulting to true, and `groups`
 * (readOnly in SCIM, so normalisation drops it) put back as `[{value, display, type?}]` with
 * the source's own group ids and names; `type` kept so rules can tell nested memberships apart
 * (`groups[type eq "direct"]`).
 */
export function toSourceRecord(key: string, raw: unknown): Result<SourceRecord, string> {
  if (key === '') return err('the record has no key')
  const normalized = normalizeResource(raw, userResourceSchema, { tolerateUnknownSchemas: true })
  if (!normalized.ok) return err(normalized.error.detail)
  const resource: ScimResource = { ...normalized.value }
  if (resource.active === undefined) resource.active = true
  const groups = groupsOf(isRecord(raw) ? raw.groups : undefined)
  if (groups.length > 0) resource.groups = groups
  return ok({ key, resource })
}

function groupsOf(value: unknown): GroupName[] {
  if (!Array.isArray(value)) return []
  const seen = new Set<string>()
  return value.flatMap((group: unknown) => {
    if (!isRecord(group) || typeof group.display !== 'string' || group.display === '') return []
    const display = group.display
    const id = typeof group.value === 'string' && group.value !== '' ? group.value : display
    if (seen.has(display.toLowerCase())) return []
    seen.add(display.toLowerCase())
    const type = group.type === 'direct' || group.type === 'indirect' ? group.type : undefined
    return [{ value: id, display, ...(type ? { type } : {}) }]
  })
}

/** The lower-cased identifiers a record is correlated on (case-insensitive, as the brief asks). */
export type CorrelationKeys = {
  readonly externalId?: string
  readonly userName: string
  readonly emails: readonly string[]
}

export function correlationKeys(resource: ScimResource): CorrelationKeys {
  const emails = Array.isArray(resource.emails)
    ? resource.emails.flatMap((e: unknown) =>
        isRecord(e) && typeof e.value === 'string' && e.value !== '' ? [e.value.toLowerCase()] : [],
      )
    : []
  const externalId =
    typeof resource.externalId === 'string' && resource.externalId !== ''
      ? resource.externalId.toLowerCase()
      : undefined
  return {
    userName: String(resource.userName ?? '').toLowerCase(),
    emails: [...new Set(emails)],
    ...(externalId ? { externalId } : {}),
  }
}

/** The primary email (else the first), lower-cased. */
export function primaryEmail(resource: ScimResource): string | null {
  const emails = Array.isArray(resource.emails) ? resource.emails.filter(isRecord) : []
  const chosen = emails.find((e) => e.primary === true) ?? emails[0]
  return typeof chosen?.value === 'string' ? chosen.value.toLowerCase() : null
}

export const ENTERPRISE_URN = URN.enterpriseUser
