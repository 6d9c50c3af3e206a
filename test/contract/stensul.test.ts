import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { canDeleteAccount } from '../../src/integrations/connectors/index.js'
import { unwrap } from '../../src/shared/result.js'
import { type StensulEmulator, startStensulEmulator } from '../emulators/stensul.js'
import { connectorContract } from './connector-contract.js'
import { GENEROUS_LIMIT, recordingFetch, scimConnectorFor, uniqueName } from './targets.js'

connectorContract('Stensul-like emulator (stensul)', async () => {
  const stensul = await startStensulEmulator()
  const { fetch, requests } = recordingFetch()
  const connection = { ...stensul.connection, rateLimit: GENEROUS_LIMIT }
  return {
    connector: scimConnectorFor('stensul', connection, fetch),
    requests,
    seedUsers: async (userNames) => stensul.seed(userNames),
    close: () => stensul.close(),
  }
})

describe('Stensul-like emulator: OAuth, allowlist, soft delete, discovery', () => {
  let stensul: StensulEmulator
  before(async () => {
    stensul = await startStensulEmulator()
  })
  after(() => stensul.close())

  const connect = () => {
    const recorded = recordingFetch()
    const connection = { ...stensul.connection, rateLimit: GENEROUS_LIMIT }
    return { ...recorded, connector: scimConnectorFor('stensul', connection, recorded.fetch) }
  }
  const key = () => `k-${Math.random().toString(36).slice(2)}`

  it('gets one access token and reuses it; a revoked token is replaced once', async () => {
    const { connector, requests } = connect()
    const before = stensul.tokens.issued()
    unwrap(await connector.listAccounts({}))
    unwrap(await connector.listAccounts({}))
    assert.equal(stensul.tokens.issued() - before, 1)
    stensul.tokens.revokeAll()
    unwrap(await connector.listAccounts({}))
    assert.equal(stensul.tokens.issued() - before, 2)
    const tokenCalls = requests.filter((r) => r.url.pathname === '/oauth/token')
    assert.equal(tokenCalls.length, 2)
    // The secret travels in the Basic header (RFC 6749 §2.3.1), never in a URL.
    for (const call of requests) assert.ok(!call.url.href.includes(stensul.clientSecret))
  })

  it('refuses calls from outside the IP allowlist as forbidden', async () => {
    const { connector } = connect()
    stensul.apiConnection.allowlist = ['10.0.0.0/8']
    try {
      const listed = await connector.listAccounts({})
      assert.equal(listed.ok ? '' : listed.error.class, 'forbidden')
    } finally {
      stensul.apiConnection.allowlist = ['127.0.0.1/32', '::1/128']
    }
  })

  it('adapts to discovery: sends only attributes the app declares', async () => {
    const { connector, requests } = connect()
    const profile = await connector.profile()
    assert.equal(profile.userAttributes?.has('title'), false)
    assert.equal(profile.userAttributes?.has('emails'), true)
    const userName = uniqueName('discovered')
    unwrap(
      await connector.createAccount(
        { userName, emails: [{ value: userName, primary: true }], attributes: { title: 'Editor' } },
        { idempotencyKey: key() },
      ),
    )
    const post = requests.find((r) => r.method === 'POST' && r.url.pathname.endsWith('/Users'))
    assert.ok(post, 'the account was posted')
    assert.equal((post.body as Record<string, unknown>).title, undefined)
  })

  it('soft DELETE hides the account; creating it again restores the same account', async () => {
    const { connector } = connect()
    assert.ok(canDeleteAccount(connector), 'Stensul deletes')
    const userName = uniqueName('soft')
    const account = { userName, emails: [{ value: userName, primary: true }] }
    const created = unwrap(await connector.createAccount(account, { idempotencyKey: key() }))
    unwrap(await connector.deleteAccount(created.id, { idempotencyKey: key() }))
    const hidden = await connector.getAccount(created.id, {})
    assert.equal(hidden.ok ? 'found' : hidden.error.class, 'not_found')
    const restored = unwrap(await connector.createAccount(account, { idempotencyKey: key() }))
    assert.equal(restored.id, created.id)
    assert.equal(restored.active, true)
    assert.equal(stensul.state.restorations, 1)
    assert.equal(stensul.state.creations.filter((name) => name === userName).length, 1)
  })

  it('lists roles as read-only groups, and serves its Libraries resource', async () => {
    const { connector } = connect()
    assert.equal(typeof (connector as { createGroup?: unknown }).createGroup, 'undefined')
    const roles = unwrap(
      await (connector.listGroups?.({}) ?? Promise.reject(new Error('no groups'))),
    )
    assert.deepEqual(
      roles.items.map((role) => role.displayName),
      ['Admin', 'Creator', 'Reviewer'],
    )
    const token = await fetch(stensul.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${stensul.clientId}:${stensul.clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    })
    const { access_token: accessToken } = (await token.json()) as { access_token: string }
    const libraries = await fetch(`${stensul.baseUrl}/Libraries`, {
      headers: { authorization: `Bearer ${accessToken}` },
    })
    assert.equal(libraries.status, 200)
    assert.equal(((await libraries.json()) as { totalResults: number }).totalResults, 3)
  })
})
