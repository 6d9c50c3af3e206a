import { isDeepStrictEqual } from 'node:util'
import type { AccountRecord } from './account-record.js'
import type { AccountAttributes } from './types.js'

/** What an account was before a listing changed it: its stored `active` and attributes. */
export type StoredAccount = { readonly active: boolean; readonly attributes: AccountAttributes }

export type AttributeChange = {
  readonly before: Record<string, unknown>
  readonly after: Record<string, unknown>
}

/**
 * The attributes one listing changed (pure), for the `updated` change of a snapshot: the
 * userName (to say which account) and, before and after, only what differs, `active` and each
 * top-level attribute the app returned. `graph changes` shows this as "what changed since the
 * last sync", not just that something did.
 */
export function attributeChanges(stored: StoredAccount, record: AccountRecord): AttributeChange {
  const before: Record<string, unknown> = { userName: stored.attributes.userName }
  const after: Record<string, unknown> = { userName: record.userName }
  if (stored.active !== record.active) {
    before.active = stored.active
    after.active = record.active
  }
  const old = flatten(stored.attributes)
  const now = flatten(record.attributes)
  for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
    if (key === 'userName' || isDeepStrictEqual(old[key], now[key])) continue
    if (key in old) before[key] = old[key]
    if (key in now) after[key] = now[key]
  }
  return { before, after }
}

/** The app's own attributes, with the connector's normalised ones where the app has none. */
function flatten(attributes: AccountAttributes): Record<string, unknown> {
  const { raw, ...normalised } = attributes
  return { ...normalised, ...raw }
}
