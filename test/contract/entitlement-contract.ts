import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  type Connector,
  canListEntitlements,
  canManageGrants,
  type Grant,
  iteratePages,
  manifestMismatches,
  type RemoteEntitlement,
} from '../../src/integrations/connectors/index.js'
import { unwrap } from '../../src/shared/result.js'
import { type RecordedRequest, uniqueName } from './targets.js'

/** An app with entitlements, and a way to put grants in it behind the connector's back. */
export type EntitlementTarget = {
  readonly connector: Connector
  readonly requests: RecordedRequest[]
  /** The kind the catalog gives the app's entitlements. */
  readonly kind: RemoteEntitlement['kind']
  seedUsers(userNames: readonly string[]): Promise<string[]>
  /** Makes the accounts hold an entitlement directly in the app; returns its id. */
  seedEntitlement(displayName: string, memberIds: readonly string[]): Promise<string>
  close(): Promise<void>
}

const key = () => `grant-${Math.random().toString(36).slice(2)}`

/**
 * What every connector with entitlements does, whatever the app: list entitlements and grants
 * across pages (each once), add and remove a grant once per intent with the success markers.
 */
export function entitlementContract(name: string, open: () => Promise<EntitlementTarget>): void {
  describe(`entitlement contract: ${name}`, () => {
    let target: EntitlementTarget
    let connector: Connector
    before(async () => {
      target = await open()
      connector = target.connector
    })
    after(() => target.close())

    it('claims list_entitlements and manage_grants, and implements them', () => {
      assert.deepEqual(manifestMismatches(connector), [])
      assert.ok(connector.manifest.capabilities.includes('list_entitlements'))
      assert.ok(connector.manifest.capabilities.includes('manage_grants'))
    })

    it('lists every entitlement and every grant exactly once, across pages', async () => {
      const lister = connector
      assert.ok(canListEntitlements(lister))
      const members = await target.seedUsers([1, 2, 3, 4, 5].map((n) => uniqueName(`holder${n}`)))
      const first = await target.seedEntitlement(`Editors ${key()}`, members)
      const second = await target.seedEntitlement(`Viewers ${key()}`, members.slice(0, 2))
      const entitlements: RemoteEntitlement[] = []
      for await (const page of iteratePages((cursor) =>
        lister.listEntitlements({ pageSize: 2, ...(cursor ? { cursor } : {}) }),
      )) {
        entitlements.push(...unwrap(page).items)
      }
      const ids = entitlements.map((e) => e.id)
      assert.equal(new Set(ids).size, ids.length, 'no entitlement twice')
      for (const id of [first, second]) assert.ok(ids.includes(id), `${id} listed`)
      assert.ok(entitlements.every((e) => e.kind === target.kind))
      const grants: Grant[] = []
      let pages = 0
      for await (const page of iteratePages((cursor) =>
        lister.listGrants({ pageSize: 2, ...(cursor ? { cursor } : {}) }),
      )) {
        grants.push(...unwrap(page).items)
        pages += 1
      }
      const keys = grants.map((g) => `${g.entitlementId}|${g.accountId}`)
      assert.equal(new Set(keys).size, keys.length, 'no grant twice')
      for (const id of members) assert.ok(keys.includes(`${first}|${id}`))
      for (const id of members.slice(0, 2)) assert.ok(keys.includes(`${second}|${id}`))
      assert.ok(pages >= 4, `${pages} pages for ${grants.length} grants`)
      const narrowed = unwrap(await lister.listGrants({ entitlementId: second })).items
      assert.deepEqual(narrowed.map((g) => g.accountId).sort(), members.slice(0, 2).sort())
    })

    it('adds once (again is already_exists) and removes once (again is already_gone)', async () => {
      const c = connector
      assert.ok(canManageGrants(c) && canListEntitlements(c))
      const [accountId = ''] = await target.seedUsers([uniqueName('grantee')])
      const entitlementId = await target.seedEntitlement(`Reviewers ${key()}`, [])
      const grant = { entitlementId, accountId }
      const added = unwrap(await c.addGrant(grant, { idempotencyKey: key() }))
      assert.equal(added.marker, undefined)
      const since = target.requests.length
      const again = unwrap(await c.addGrant(grant, { idempotencyKey: key() }))
      assert.equal(again.marker, 'already_exists')
      const writes = target.requests.slice(since).filter((r) => r.method !== 'GET')
      assert.deepEqual(writes, [], 'already_exists writes nothing')
      const held = unwrap(await c.listGrants({ entitlementId })).items
      assert.deepEqual(held, [grant])
      const removed = unwrap(await c.removeGrant(grant, { idempotencyKey: key() }))
      assert.equal(removed.marker, undefined)
      const twice = unwrap(await c.removeGrant(grant, { idempotencyKey: key() }))
      assert.equal(twice.marker, 'already_gone')
      assert.deepEqual(unwrap(await c.listGrants({ entitlementId })).items, [])
    })

    it('removing a grant of an entitlement that does not exist is already_gone', async () => {
      const c = connector
      assert.ok(canManageGrants(c))
      const [accountId = ''] = await target.seedUsers([uniqueName('orphan')])
      const grant = { entitlementId: 'no-such-entitlement-0000', accountId }
      const gone = unwrap(await c.removeGrant(grant, { idempotencyKey: key() }))
      assert.equal(gone.marker, 'already_gone')
      const missing = await c.addGrant(grant, { idempotencyKey: key() })
      assert.equal(missing.ok ? 'added' : missing.error.class, 'not_found')
    })
  })
}
