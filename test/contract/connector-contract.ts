import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  type Connector,
  canCreateAccount,
  canDeactivateAccount,
  canDeleteAccount,
  canGetAccount,
  canListGroups,
  canManageGroups,
  canManageMemberships,
  canReactivateAccount,
  canUpdateAccount,
  iteratePages,
  manifestMismatches,
  type NewAccount,
  type RemoteAccount,
} from '../../src/integrations/connectors/index.js'
import { unwrap } from '../../src/shared/result.js'
import { type RecordedRequest, uniqueName } from './targets.js'

/** An app to run the contract against, with a way to put data in it behind the connector's back. */
export type ContractTarget = {
  readonly connector: Connector
  /** Every request the connector sent (a recording fetch). */
  readonly requests: RecordedRequest[]
  /** Creates users directly in the app; returns their ids. */
  seedUsers(userNames: readonly string[]): Promise<string[]>
  /** Creates a group directly in the app (targets whose groups can be listed). */
  seedGroup?(displayName: string): Promise<string>
  /** Checks that an update carried `name.givenName` only, in the app's own wire format. */
  assertOnlyGivenName?(request: RecordedRequest): void
  close(): Promise<void>
}

const key = () => `idem-${Math.random().toString(36).slice(2)}`

function newAccount(userName: string): NewAccount {
  return {
    userName,
    emails: [{ value: userName, type: 'work', primary: true }],
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    active: true,
  }
}

function writes(requests: readonly RecordedRequest[], since: number): RecordedRequest[] {
  return requests.slice(since).filter((r) => r.method !== 'GET')
}

/**
 * The behaviours every connector shows, whatever the app: one suite, run against each emulator
 * and against Rollcall's own SCIM server. Capabilities an app lacks are skipped, and the
 * manifest must say so.
 */
export function connectorContract(name: string, open: () => Promise<ContractTarget>): void {
  describe(`connector contract: ${name}`, () => {
    let target: ContractTarget
    let connector: Connector
    before(async () => {
      target = await open()
      connector = target.connector
    })
    after(() => target.close())

    it('has a manifest that says exactly what it implements', () => {
      assert.deepEqual(manifestMismatches(connector), [])
    })

    it('lists every account exactly once, across pages', async () => {
      const seeded = await target.seedUsers(
        [1, 2, 3, 4, 5, 6, 7].map((n) => uniqueName(`page${n}`)),
      )
      const listed: RemoteAccount[] = []
      let pages = 0
      for await (const page of iteratePages((cursor) =>
        connector.listAccounts({ pageSize: 3, ...(cursor ? { cursor } : {}) }),
      )) {
        listed.push(...unwrap(page).items)
        pages += 1
      }
      const ids = listed.map((account) => account.id)
      assert.equal(new Set(ids).size, ids.length, 'no account twice')
      for (const id of seeded) assert.ok(ids.includes(id), `seeded ${id} listed`)
      assert.ok(pages >= Math.ceil(listed.length / 3), `${pages} pages for ${listed.length}`)
    })

    it('gets an account by id; a missing id is not_found', async (t) => {
      if (!canGetAccount(connector)) return t.skip('no get_account')
      const [id] = await target.seedUsers([uniqueName('get')])
      const found = unwrap(await connector.getAccount(id ?? '', {}))
      assert.equal(found.id, id)
      assert.equal(found.active, true)
      const missing = await connector.getAccount('no-such-account-0000', {})
      assert.equal(missing.ok ? 'found' : missing.error.class, 'not_found')
    })

    it('creates exactly once for one idempotency key', async (t) => {
      if (!canCreateAccount(connector)) return t.skip('no create_account')
      const userName = uniqueName('create')
      const idempotencyKey = key()
      const since = target.requests.length
      const first = unwrap(await connector.createAccount(newAccount(userName), { idempotencyKey }))
      const again = unwrap(await connector.createAccount(newAccount(userName), { idempotencyKey }))
      assert.equal(first.marker, undefined)
      assert.equal(again.marker, 'already_exists')
      assert.equal(again.id, first.id)
      assert.equal(first.userName, userName)
      const posts = writes(target.requests, since).filter((r) => r.method === 'POST')
      assert.equal(posts.length, 1, 'one POST for two calls')
    })

    it('answers already_exists for an account made outside Rollcall, without a POST', async (t) => {
      if (!canCreateAccount(connector)) return t.skip('no create_account')
      const userName = uniqueName('existing')
      const [id] = await target.seedUsers([userName])
      const since = target.requests.length
      const created = unwrap(
        await connector.createAccount(newAccount(userName), { idempotencyKey: key() }),
      )
      assert.equal(created.marker, 'already_exists')
      assert.equal(created.id, id)
      assert.deepEqual(writes(target.requests, since), [])
    })

    it('updates only the attributes that changed; no change sends nothing', async (t) => {
      if (!canCreateAccount(connector) || !canUpdateAccount(connector)) return t.skip('no update')
      const account = unwrap(
        await connector.createAccount(newAccount(uniqueName('update')), { idempotencyKey: key() }),
      )
      const changes = { name: { givenName: 'Augusta', familyName: 'Lovelace' }, active: true }
      const since = target.requests.length
      const updated = unwrap(
        await connector.updateAccount(account.id, changes, { idempotencyKey: key() }),
      )
      assert.equal(updated.name?.givenName, 'Augusta')
      const sent = writes(target.requests, since)
      assert.equal(sent.length, 1)
      ;(target.assertOnlyGivenName ?? assertOnlyGivenName)(sent[0] as RecordedRequest)
      const before = target.requests.length
      const same = unwrap(
        await connector.updateAccount(account.id, changes, { idempotencyKey: key() }),
      )
      assert.equal(same.marker, 'no_change')
      assert.deepEqual(writes(target.requests, before), [])
    })

    it('deactivates; again is no_change; a missing account is already_gone', async (t) => {
      if (!canDeactivateAccount(connector)) return t.skip('no deactivate_account')
      const [id = ''] = await target.seedUsers([uniqueName('leaver')])
      const first = unwrap(await connector.deactivateAccount(id, { idempotencyKey: key() }))
      assert.equal(first.marker, undefined)
      assert.equal(first.account?.active ?? false, false)
      const again = unwrap(await connector.deactivateAccount(id, { idempotencyKey: key() }))
      assert.ok(
        again.marker === 'no_change' || again.marker === 'already_gone',
        String(again.marker),
      )
      if (canGetAccount(connector)) {
        assert.equal(unwrap(await connector.getAccount(id, {})).active, false)
      }
      const missing = unwrap(
        await connector.deactivateAccount('no-such-account-0000', { idempotencyKey: key() }),
      )
      assert.equal(missing.marker, 'already_gone')
    })

    it('reactivates a deactivated account; again is no_change', async (t) => {
      if (!canReactivateAccount(connector) || !canDeactivateAccount(connector)) {
        return t.skip('no reactivate_account')
      }
      const [id = ''] = await target.seedUsers([uniqueName('returner')])
      unwrap(await connector.deactivateAccount(id, { idempotencyKey: key() }))
      const back = unwrap(await connector.reactivateAccount(id, { idempotencyKey: key() }))
      assert.equal(back.active, true)
      const again = unwrap(await connector.reactivateAccount(id, { idempotencyKey: key() }))
      assert.equal(again.marker, 'no_change')
    })

    it('deletes; again is already_gone', async (t) => {
      if (!canDeleteAccount(connector)) return t.skip('no delete_account')
      const [id = ''] = await target.seedUsers([uniqueName('deleted')])
      const first = unwrap(await connector.deleteAccount(id, { idempotencyKey: key() }))
      assert.equal(first.marker, undefined)
      const again = unwrap(await connector.deleteAccount(id, { idempotencyKey: key() }))
      assert.equal(again.marker, 'already_gone')
      if (canGetAccount(connector)) {
        const gone = await connector.getAccount(id, {})
        assert.equal(gone.ok ? 'found' : gone.error.class, 'not_found')
      }
    })

    it('lists groups', async (t) => {
      if (!canListGroups(connector)) return t.skip('no list_groups')
      const seeded = target.seedGroup ? await target.seedGroup(`Group ${key()}`) : undefined
      const groups = unwrap(await connector.listGroups({})).items
      assert.ok(groups.length > 0)
      if (seeded) assert.ok(groups.some((group) => group.id === seeded))
    })

    it('manages groups and memberships, each step once', async (t) => {
      if (!canManageGroups(connector) || !canManageMemberships(connector)) {
        return t.skip('no manage_groups')
      }
      const [userId = ''] = await target.seedUsers([uniqueName('member')])
      const name = `Team ${key()}`
      const group = unwrap(
        await connector.createGroup({ displayName: name }, { idempotencyKey: key() }),
      )
      const twice = unwrap(
        await connector.createGroup({ displayName: name }, { idempotencyKey: key() }),
      )
      assert.equal(twice.marker, 'already_exists')
      assert.equal(twice.id, group.id)
      const membership = { groupId: group.id, accountId: userId }
      assert.equal(
        unwrap(await connector.addMember(membership, { idempotencyKey: key() })).marker,
        undefined,
      )
      assert.equal(
        unwrap(await connector.addMember(membership, { idempotencyKey: key() })).marker,
        'already_exists',
      )
      const members = unwrap(await connector.listMemberships({ groupId: group.id })).items
      assert.deepEqual(members, [membership])
      assert.equal(
        unwrap(await connector.removeMember(membership, { idempotencyKey: key() })).marker,
        undefined,
      )
      assert.equal(
        unwrap(await connector.removeMember(membership, { idempotencyKey: key() })).marker,
        'already_gone',
      )
      const renamed = unwrap(
        await connector.updateGroup(
          group.id,
          { displayName: `${name} 2` },
          { idempotencyKey: key() },
        ),
      )
      assert.equal(renamed.displayName, `${name} 2`)
      const same = unwrap(
        await connector.updateGroup(
          group.id,
          { displayName: `${name} 2` },
          { idempotencyKey: key() },
        ),
      )
      assert.equal(same.marker, 'no_change')
    })
  })
}

/** The write carried `name.givenName` and nothing else, whatever the app's dialect. */
function assertOnlyGivenName(request: RecordedRequest): void {
  const body = request.body as Record<string, unknown>
  if (request.method === 'PUT') {
    assert.equal((body.name as Record<string, unknown>).givenName, 'Augusta')
    return
  }
  assert.equal(request.method, 'PATCH')
  const operations = body.Operations as Array<Record<string, unknown>>
  assert.equal(operations.length, 1)
  const [operation] = operations
  assert.match(String(operation?.op), /^replace$/i)
  if (operation?.path === undefined)
    assert.deepEqual(operation?.value, { name: { givenName: 'Augusta' } })
  else {
    assert.equal(operation.path, 'name.givenName')
    assert.equal(operation.value, 'Augusta')
  }
}
