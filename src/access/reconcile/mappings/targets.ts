import type {
  AccountChanges,
  NameParts,
  NewAccount,
  RemoteEmail,
} from '../../../integrations/connectors/index.js'
import { findKey, isRecord } from '../../../shared/json.js'
import type { AccountAttributes } from '../../graph/index.js'
import type { MappedValue } from './ast.js'
import { firstText } from './evaluate-expression.js'

/**
 * Mapping targets: the account attributes every connector knows (userName, emails = the primary
 * email, displayName, externalId, name parts) and any other attribute of the app's own
 * representation (`title`, `urn:…:enterprise:2.0:User:department`, Okta's `profile.department`),
 * which travels as `attributes` of a create or an update.
 */
type Known = 'userName' | 'emails' | 'displayName' | 'externalId' | NamePart
type NamePart = 'name.givenName' | 'name.familyName' | 'name.formatted'

const KNOWN: Readonly<Record<string, Known>> = {
  username: 'userName',
  emails: 'emails',
  email: 'emails',
  displayname: 'displayName',
  externalid: 'externalId',
  'name.givenname': 'name.givenName',
  'name.familyname': 'name.familyName',
  'name.formatted': 'name.formatted',
}

/** Targets lifecycle owns, or the app assigns: a mapping may not write them. */
export const RESERVED_TARGETS = new Set(['id', 'active', 'meta', 'schemas', 'password'])

const known = (target: string): Known | undefined => KNOWN[target.toLowerCase()]

/** userName and emails compare case-insensitively (RFC 7643 §4.1: caseExact false). */
const CASE_INSENSITIVE = new Set<Known>(['userName', 'emails'])

/** The account's current value for a target. */
export function currentValue(account: AccountAttributes, target: string): MappedValue {
  switch (known(target)) {
    case 'userName':
      return account.userName
    case 'emails':
      return primaryEmailOf(account.emails) ?? null
    case 'displayName':
      return account.displayName ?? null
    case 'externalId':
      return account.externalId ?? null
    case 'name.givenName':
      return account.name?.givenName ?? null
    case 'name.familyName':
      return account.name?.familyName ?? null
    case 'name.formatted':
      return account.name?.formatted ?? null
    default:
      return rawValue(account.raw, target)
  }
}

/** Whether the account already holds what the mapping wants. */
export function sameValue(target: string, expected: MappedValue, actual: MappedValue): boolean {
  const kind = known(target)
  const fold = CASE_INSENSITIVE.has(kind ?? 'displayName')
  if (kind !== undefined) {
    // Known targets hold one text: an update writes the first value (changesFrom), so only
    // that one can be compared, or a multi-valued mapping (`emails.value`) drifts forever.
    const a = firstText(expected)
    const b = firstText(actual)
    return (fold ? a?.toLowerCase() : a) === (fold ? b?.toLowerCase() : b)
  }
  const list = (value: MappedValue) =>
    (value === null ? [] : typeof value === 'string' ? [value] : [...value]).map((v) =>
      fold ? v.toLowerCase() : v,
    )
  const a = list(expected)
  const b = list(actual)
  return a.length === b.length && a.every((v, i) => v === b[i])
}

/** A new account from the mapped values; userName falls back to the person's. */
export function newAccountFrom(
  values: ReadonlyMap<string, MappedValue>,
  userName: string,
): NewAccount {
  const account: {
    userName: string
    emails: RemoteEmail[]
    displayName?: string
    externalId?: string
    name?: NameParts
    attributes?: Record<string, unknown>
  } = { userName, emails: [] }
  const name: Record<string, string> = {}
  const attributes: Record<string, unknown> = {}
  for (const [target, value] of values) {
    const text = firstText(value)
    const kind = known(target)
    if (kind === undefined) attributes[target] = value
    else if (text === null) continue
    else if (kind === 'userName') account.userName = text
    else if (kind === 'emails') account.emails = [{ value: text, primary: true, type: 'work' }]
    else if (kind === 'displayName' || kind === 'externalId') account[kind] = text
    else name[kind.slice('name.'.length)] = text
  }
  if (Object.keys(name).length > 0) account.name = name
  if (Object.keys(attributes).length > 0) account.attributes = attributes
  return account
}

/**
 * The changes of an update: only the targets that differ. A new primary email keeps the
 * account's other emails; a name part keeps the other parts.
 */
export function changesFrom(
  changed: ReadonlyMap<string, MappedValue>,
  account: AccountAttributes,
): AccountChanges {
  const changes: {
    userName?: string
    emails?: RemoteEmail[]
    displayName?: string
    externalId?: string
    name?: NameParts
    attributes?: Record<string, unknown>
  } = {}
  for (const [target, value] of changed) {
    const text = firstText(value) ?? ''
    const kind = known(target)
    if (kind === undefined) changes.attributes = { ...changes.attributes, [target]: value }
    else if (kind === 'userName') changes.userName = text
    else if (kind === 'emails') changes.emails = withPrimary(account.emails, text)
    else if (kind === 'displayName' || kind === 'externalId') changes[kind] = text
    else changes.name = { ...account.name, ...changes.name, [kind.slice('name.'.length)]: text }
  }
  return changes
}

function withPrimary(emails: readonly RemoteEmail[], value: string): RemoteEmail[] {
  const others = emails
    .filter((e) => e.value.toLowerCase() !== value.toLowerCase())
    .map((e) => ({ ...e, primary: false }))
  return [{ value, primary: true, type: 'work' }, ...others]
}

export function primaryEmailOf(emails: readonly RemoteEmail[]): string | undefined {
  return (emails.find((e) => e.primary) ?? emails[0])?.value
}

/** `title`, `profile.department`, `urn:…:User:department`: case-insensitive keys. */
function rawValue(raw: Readonly<Record<string, unknown>>, target: string): MappedValue {
  const colon = target.toLowerCase().startsWith('urn:') ? target.lastIndexOf(':') : -1
  const segments =
    colon === -1
      ? target.split('.')
      : [target.slice(0, colon), ...target.slice(colon + 1).split('.')]
  let value: unknown = raw
  for (const segment of segments) {
    if (!isRecord(value)) return null
    const key = findKey(value, segment)
    value = key === undefined ? undefined : value[key]
  }
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (!Array.isArray(value)) return null
  const values = value.flatMap((v) =>
    typeof v === 'string' ? [v] : isRecord(v) && typeof v.value === 'string' ? [v.value] : [],
  )
  return values.length === 0 ? null : values
}
