import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { iteratePages } from '../../src/integrations/connectors/index.js'
import { unwrap } from '../../src/shared/result.js'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { connectorContract } from './connector-contract.js'
import { GENEROUS_LIMIT, recordingFetch, scimConnectorFor, uniqueName } from './targets.js'

connectorContract('Sana-like emulator (sana-labs)', async () => {
  const sana = await startSanaEmulator()
  const { fetch, requests } = recordingFetch()
  const connection = { ...sana.connection, rateLimit: GENEROUS_LIMIT }
  return {
    connector: scimConnectorFor('sana-labs', connection, fetch),
    requests,
    seedUsers: async (userNames) => sana.seed(userNames),
    close: () => sana.close(),
  }
})

describe('Sana-like emulator: quirks the SCIM connector absorbs', () => {
  let sana: SanaEmulator
  before(async () => {
    sana = await startSanaEmulator({ maxPageSize: 25 })
    sana.seed(Array.from({ length: 110 }, (_, i) => uniqueName(`quirk${i}`)))
  })
  after(() => sana.close())

  const connect = () => {
    const recorded = recordingFetch()
    const connection = { ...sana.connection, rateLimit: GENEROUS_LIMIT }
    return { ...recorded, connector: scimConnectorFor('sana-labs', connection, recorded.fetch) }
  }

  it('learns the silent page cap and still lists everyone', async () => {
    const { connector, requests } = connect()
    const ids = new Set<string>()
    for await (const page of iteratePages((cursor) =>
      connector.listAccounts(cursor ? { cursor } : {}),
    )) {
      for (const account of unwrap(page).items) ids.add(account.id)
    }
    assert.equal(ids.size, sana.state.visible().length)
    const lists = requests.filter((r) => r.url.pathname.endsWith('/Users') && r.method === 'GET')
    assert.deepEqual(
      lists.map((r) => r.url.searchParams.get('count')),
      ['50', '50', '50', '50', '50'],
    )
  })

  it('never ends a listing at a short page: a page that stays short is a transient error', async () => {
    const { connector } = connect()
    const first = unwrap(await connector.listAccounts({}))
    assert.ok(first.nextCursor, 'the first page continues')
    sana.faults.set({ shortPageRate: 1 })
    try {
      const second = await connector.listAccounts({ cursor: first.nextCursor })
      assert.equal(second.ok, false)
      assert.equal(second.ok ? '' : second.error.class, 'transient')
    } finally {
      sana.faults.set({})
    }
  })

  it('re-fetches pages that come back short, so the listing is complete', async () => {
    const { connector } = connect()
    sana.faults.set({ shortPageRate: 0.4, seed: 7 })
    try {
      const ids: string[] = []
      // As a job would: a transient error is retried with the same cursor.
      const retrying = async (cursor: string | undefined) => {
        for (let attempt = 1; ; attempt++) {
          const page = await connector.listAccounts(cursor ? { cursor } : {})
          if (page.ok || page.error.class !== 'transient' || attempt === 5) return page
        }
      }
      for await (const page of iteratePages(retrying)) {
        ids.push(...unwrap(page).items.map((account) => account.id))
      }
      assert.ok(sana.faults.stats.shortPages > 0, 'some pages came back short')
      assert.equal(new Set(ids).size, ids.length)
      assert.equal(ids.length, sana.state.visible().length)
    } finally {
      sana.faults.set({})
    }
  })

  it('speaks Sana’s PATCH dialect: capitalised op names', async () => {
    const { connector, requests } = connect()
    const [id = ''] = sana.seed([uniqueName('dialect')])
    unwrap(await connector.deactivateAccount(id, { idempotencyKey: 'k-dialect' }))
    const patch = requests.find((r) => r.method === 'PATCH')
    assert.deepEqual(patch?.body, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: false }],
    })
  })

  it('falls back to the catalog profile when the app has no discovery endpoints', async () => {
    const { connector, requests } = connect()
    const profile = await connector.profile()
    assert.equal(profile.pageSize, 50)
    assert.equal(profile.userAttributes, undefined)
    assert.ok(requests.some((r) => r.url.pathname.endsWith('/ServiceProviderConfig')))
  })

  it('reports a wrong token as unauthorized and stops calling the app', async () => {
    const connection = {
      ...sana.connection,
      auth: { type: 'bearer' as const, token: 'wrong' },
      rateLimit: GENEROUS_LIMIT,
    }
    const recorded = recordingFetch()
    const connector = scimConnectorFor('sana-labs', connection, recorded.fetch)
    const listed = await connector.listAccounts({})
    assert.equal(listed.ok ? '' : listed.error.class, 'unauthorized')
    // The first 401 (on discovery) quarantines the connection: nothing else goes out.
    assert.equal(recorded.requests.length, 1)
    const again = await connector.listAccounts({})
    assert.equal(again.ok ? '' : again.error.code, 'CONNECTOR_QUARANTINED')
    assert.equal(recorded.requests.length, 1)
  })
})
