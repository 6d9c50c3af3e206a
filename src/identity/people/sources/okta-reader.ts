import {
  type ConnectorError,
  iteratePages,
  type OktaConnector,
  type OktaUser,
  oktaUserToScim,
} from '../../../integrations/connectors/index.js'
import { err, ok, type Result } from '../../../shared/result.js'
import { type GroupName, toSourceRecord } from '../person-record.js'
import type { SourceRecord } from '../types.js'
import type { FullReader, RecordPage, SyncFailure } from './reader.js'
import type { StoredOktaConfig } from './source-config.js'

export function failure(error: ConnectorError): SyncFailure {
  return { code: error.code, message: error.message }
}

/** Okta's largest user page (developer.okta.com/docs/reference/api/users/#list-users). */
const PAGE = 200

/** user id → the groups it is in; BUILT_IN groups (Everyone) say nothing about a person. */
export type Memberships = Map<string, GroupName[]>

/** Every member of every (or every changed) group, one listing at a time. */
export async function loadMemberships(
  okta: OktaConnector,
  options: { filter?: string; signal?: AbortSignal } = {},
): Promise<Result<{ memberships: Memberships; groups: Map<string, GroupName> }, SyncFailure>> {
  const memberships: Memberships = new Map()
  const groups = new Map<string, GroupName>()
  const signal = options.signal ? { signal: options.signal } : {}
  for await (const page of iteratePages((cursor) =>
    okta.listGroups({
      ...signal,
      ...(options.filter ? { filter: options.filter } : {}),
      ...(cursor ? { cursor } : {}),
    }),
  )) {
    if (!page.ok) return err(failure(page.error))
    for (const group of page.value.items) {
      if (group.raw.type === 'BUILT_IN') continue
      const name = { value: group.id, display: group.displayName }
      groups.set(group.id, name)
      for await (const members of iteratePages((cursor) =>
        okta.listMemberships({ groupId: group.id, ...signal, ...(cursor ? { cursor } : {}) }),
      )) {
        if (!members.ok) return err(failure(members.error))
        for (const m of members.value.items)
          memberships.set(m.accountId, [...(memberships.get(m.accountId) ?? []), name])
      }
    }
  }
  return ok({ memberships, groups })
}

/** An Okta user as a source record (key: the Okta id). */
export function oktaRecord(
  user: OktaUser,
  groups: readonly GroupName[],
): Result<SourceRecord, string> {
  return toSourceRecord(user.id, oktaUserToScim(user, groups))
}

/**
 * The full listing of an Okta org: first who is in which group (so each person's `groups` is
 * complete), then the users, 200 a page, every status (DEPROVISIONED too: a deactivated person
 * is inactive, not gone), narrowed by the source's `search` when it has one.
 */
export function oktaFullReader(okta: OktaConnector, config: StoredOktaConfig): FullReader {
  let memberships: Memberships = new Map()
  return {
    async prepare(signal) {
      if (!config.groups) return ok(undefined)
      const loaded = await loadMemberships(okta, signal ? { signal } : {})
      if (!loaded.ok) return loaded
      memberships = loaded.value.memberships
      return ok(undefined)
    },
    async page(cursor, signal): Promise<Result<RecordPage, SyncFailure>> {
      const page = await okta.listUsers({
        pageSize: config.pageSize ?? PAGE,
        ...(config.search ? { search: config.search } : {}),
        ...(cursor ? { cursor } : {}),
        ...(signal ? { signal } : {}),
      })
      if (!page.ok) return err(failure(page.error))
      const records: SourceRecord[] = []
      const skipped: Array<{ line: number; message: string }> = []
      for (const user of page.value.items) {
        const record = oktaRecord(user, memberships.get(user.id) ?? [])
        if (record.ok) records.push(record.value)
        else skipped.push({ line: 0, message: `Okta user ${user.id}: ${record.error}` })
      }
      return ok({
        records,
        ...(page.value.nextCursor ? { nextCursor: page.value.nextCursor } : {}),
        ...(skipped.length > 0 ? { skipped } : {}),
      })
    },
  }
}
