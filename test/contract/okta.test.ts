import assert from 'node:assert/strict'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { fakeTime } from '../../src/integrations/connectors/http/fake-time.js'
import {
  createConnectorRegistry,
  isOktaConnector,
  iteratePages,
  sealConnection,
} from '../../src/integrations/connectors/index.js'
import { createSecretBox } from '../../src/shared/crypto/secret-box.js'
import { unwrap } from '../../src/shared/result.js'
import { type OktaEmulator, startOktaEmulator } from '../emulators/okta.js'
import { connectorContract } from './connector-contract.js'
import {
  connectorDeps,
  oktaConnectorFor,
  type RecordedRequest,
  recordingFetch,
  uniqueName,
} from './targets.js'

/** Okta's partial update is a POST of the changed profile properties only. */
function onlyFirstName(request: RecordedRequest): void {
  assert.equal(request.method, 'POST')
  assert.match(request.url.pathname, /^\/api\/v1\/users\/[^/]+$/)
  assert.deepEqual(request.body, { profile: { firstName: 'Augusta' } })
}

connectorContract('Okta emulator (okta, SSWS token)', async () => {
  const okta = await startOktaEmulator()
  const { fetch, requests } = recordingFetch()
  return {
    connector: oktaConnectorFor(okta.connection, fetch),
    requests,
    seedUsers: async (logins) => okta.seedUsers(logins),
    seedGroup: async (name) => okta.seedGroup(name),
    assertOnlyGivenName: onlyFirstName,
    close: () => okta.close(),
  }
})

describe('Okta connector: what is Okta’s own', () => {
  let okta: OktaEmulator
  before(async () => {
    okta = await startOktaEmulator()
  })
  after(() => okta.close())
  const connect = () => {
    const recorded = recordingFetch()
    return { ...recorded, connector: oktaConnectorFor(okta.connection, recorded.fetch) }
  }

  it('pages with Link rel="next" across 3+ pages, deactivated users included', async () => {
    const ids = okta.seedUsers(Array.from({ length: 11 }, (_, i) => uniqueName(`pager${i}`)))
    const [gone = ''] = ids
    okta.state.setStatus(okta.state.users.get(gone) ?? assert.fail('seeded'), 'DEPROVISIONED')
    const { connector, requests } = connect()
    const seen: string[] = []
    for await (const page of iteratePages((cursor) =>
      connector.listAccounts({ pageSize: 4, ...(cursor ? { cursor } : {}) }),
    )) {
      seen.push(...unwrap(page).items.map((a) => a.id))
    }
    for (const id of ids) assert.ok(seen.includes(id), `${id} listed`)
    assert.equal(new Set(seen).size, seen.length)
    const lists = requests.filter((r) => r.url.pathname === '/api/v1/users')
    assert.ok(lists.length >= 3, `${lists.length} pages`)
    assert.ok(
      lists.slice(1).every((r) => r.url.searchParams.has('after')),
      'cursor from Link',
    )
  })

  it('enforces the seed 004 field restrictions from the catalog, before any request', async () => {
    const { connector, requests } = connect()
    const created = await connector.createAccount(
      {
        userName: uniqueName('restricted'),
        emails: [{ value: 'r@acme.test', primary: true }],
        name: { givenName: 'R', familyName: 'S' },
        attributes: { department: 'Sales' },
      },
      { idempotencyKey: 'k1' },
    )
    assert.equal(created.ok ? '' : created.error.class, 'invalid')
    assert.match(created.ok ? '' : created.error.message, /profile\.department/)
    const [id = ''] = okta.seedUsers([uniqueName('update')])
    const before = requests.length
    const updated = await connector.updateAccount(
      id,
      { displayName: 'New' },
      { idempotencyKey: 'k2' },
    )
    assert.match(updated.ok ? '' : updated.error.message, /profile\.displayName/)
    assert.ok(
      requests.slice(before).every((r) => r.method === 'GET'),
      'nothing written',
    )
    const mobile = unwrap(
      await connector.updateAccount(
        id,
        { attributes: { mobilePhone: '+1 555' } },
        { idempotencyKey: 'k3' },
      ),
    )
    assert.equal(
      mobile.raw.profile && (mobile.raw.profile as Record<string, unknown>).mobilePhone,
      '+1 555',
    )
  })

  it('creates STAGED without activation; suspend and unsuspend converge', async () => {
    const { connector } = connect()
    const staged = unwrap(
      await connector.createAccount(
        {
          userName: uniqueName('staged'),
          emails: [{ value: 's@acme.test', primary: true }],
          name: { givenName: 'S', familyName: 'T' },
          active: false,
        },
        { idempotencyKey: 'k4' },
      ),
    )
    assert.equal(staged.raw.status, 'STAGED')
    assert.equal(staged.active, false)
    const [id = ''] = okta.seedUsers([uniqueName('pause')])
    assert.equal(
      unwrap(await connector.suspendAccount(id, { idempotencyKey: 'k5' })).raw.status,
      'SUSPENDED',
    )
    assert.equal(
      unwrap(await connector.suspendAccount(id, { idempotencyKey: 'k6' })).marker,
      'no_change',
    )
    const back = unwrap(await connector.reactivateAccount(id, { idempotencyKey: 'k7' }))
    assert.equal(back.raw.status, 'ACTIVE')
    const refused = await connector.unsuspendAccount(id, { idempotencyKey: 'k8' })
    assert.equal(refused.ok ? refused.value.marker : refused.error.class, 'no_change')
  })

  it('reads Okta error bodies: a duplicate login is a conflict, a bad token is unauthorized', async () => {
    const { connector } = connect()
    const login = uniqueName('dup')
    okta.seedUsers([login])
    // Straight to POST, as a racing creator would: createOnce's lookup would have found it.
    const raced = await connector.findAccount({ userName: login }, {})
    assert.ok(unwrap(raced), 'found by search')
    const wrong = oktaConnectorFor(
      { auth: { ...okta.connection.auth, token: 'wrong-token-000000' } },
      recordingFetch().fetch,
    )
    const denied = await wrong.listAccounts({})
    assert.equal(denied.ok ? '' : denied.error.class, 'unauthorized')
    assert.match(denied.ok ? '' : denied.error.message, /E0000011/)
  })
})

describe('Okta connector: rate limits (fake clock shared with the emulator)', () => {
  it('paces itself by X-Rate-Limit-Remaining/-Reset instead of storming into 429s', async () => {
    const time = fakeTime('2026-03-02T10:00:30.000Z')
    const okta = await startOktaEmulator({
      now: time.nowMs,
      rateLimit: { limit: 5, windowMs: 60_000 },
    })
    try {
      okta.seedUsers(Array.from({ length: 12 }, (_, i) => uniqueName(`rl${i}`)))
      const deps = { clock: time.clock, sleep: time.sleep }
      const a = oktaConnectorFor(okta.connection, recordingFetch().fetch, deps, 'ws-shared')
      const listed: string[] = []
      for await (const page of iteratePages((cursor) =>
        a.listAccounts({ pageSize: 2, ...(cursor ? { cursor } : {}) }),
      )) {
        listed.push(...unwrap(page).items.map((u) => u.id))
      }
      assert.ok(listed.length >= 12)
      assert.equal(okta.stats.rateLimited, 0, 'no 429: the bucket paused until the reset')
      // 7 pages against 5 requests a minute: the listing had to wait for the next window.
      assert.ok(time.nowMs() >= Date.parse('2026-03-02T10:01:00.000Z'), 'waited for the reset')
      process.stdout.write(
        `# okta rate-limit waits (ms, fake clock): ${JSON.stringify(time.sleeps)}\n`,
      )
    } finally {
      await okta.close()
    }
  })

  it('a 429 with X-Rate-Limit-Remaining: 0 is retried after the reset', async () => {
    const time = fakeTime('2026-03-02T10:00:50.000Z')
    const okta = await startOktaEmulator({
      now: time.nowMs,
      rateLimit: { limit: 1, windowMs: 60_000 },
    })
    try {
      const [id = ''] = okta.seedUsers([uniqueName('once')])
      // Another integration spent the org's quota: the first answer we see is a 429.
      await fetch(`${okta.orgUrl}/api/v1/users/${id}`, {
        headers: { authorization: `SSWS ${okta.token}` },
      })
      const connector = oktaConnectorFor(okta.connection, recordingFetch().fetch, {
        clock: time.clock,
        sleep: time.sleep,
      })
      const account = unwrap(await connector.getAccount(id, {}))
      assert.equal(account.id, id)
      assert.equal(okta.stats.rateLimited, 1)
      assert.ok(time.nowMs() >= Date.parse('2026-03-02T10:01:00.000Z'), 'slept until the reset')
    } finally {
      await okta.close()
    }
  })
})

describe('Okta connector: one rate budget per workspace and org', () => {
  it('shares the bucket between the connectors of one org in a workspace, not across', async () => {
    const okta = await startOktaEmulator()
    try {
      const [id = ''] = okta.seedUsers([uniqueName('budget')])
      const box = createSecretBox(randomBytes(32).toString('hex'))
      const registry = createConnectorRegistry({
        ...connectorDeps(recordingFetch().fetch),
        secretBox: box,
        tasks: { openTask: async () => assert.fail(), confirmedAccounts: async () => [] },
      })
      const app = (appId: string, workspaceId: string) => {
        const connection =
          unwrap(registry.validate('okta', { connection: okta.connection })) ?? assert.fail()
        return unwrap(
          registry.connect({
            id: appId,
            workspaceId,
            catalogId: 'okta',
            name: appId,
            owner: null,
            connection: sealConnection(connection, box, appId),
            updatedAt: 'v1',
          }),
        )
      }
      const [a, b, other] = [app('a', 'ws-1'), app('b', 'ws-1'), app('c', 'ws-2')]
      assert.ok(isOktaConnector(a) && isOktaConnector(b) && isOktaConnector(other))
      const before = { b: b.rate().tokens, other: other.rate().tokens }
      unwrap(await a.getAccount(id, {}))
      assert.ok(b.rate().tokens < before.b, 'b saw what a spent')
      assert.ok(other.rate().tokens >= before.other, 'another workspace did not')
    } finally {
      await okta.close()
    }
  })
})

describe('Okta connector: OAuth 2.0 service app (private_key_jwt)', () => {
  for (const kind of ['rsa', 'ec'] as const) {
    it(`gets a scoped access token with a ${kind.toUpperCase()}-signed client assertion`, async () => {
      const pair =
        kind === 'rsa'
          ? generateKeyPairSync('rsa', { modulusLength: 2048 })
          : generateKeyPairSync('ec', { namedCurve: 'P-256' })
      const publicJwk = pair.publicKey.export({ format: 'jwk' })
      const okta = await startOktaEmulator({
        serviceApps: [
          { clientId: '0oa-service', publicKey: publicJwk, scopes: ['okta.users.read'] },
        ],
      })
      try {
        const [id = ''] = okta.seedUsers([uniqueName('oauth')])
        const privateKey = JSON.stringify({
          ...pair.privateKey.export({ format: 'jwk' }),
          kid: 'k1',
        })
        const connection = {
          auth: {
            type: 'okta_private_key_jwt',
            orgUrl: okta.orgUrl,
            clientId: '0oa-service',
            privateKey,
            scopes: ['okta.users.read'],
          },
        }
        const { fetch, requests } = recordingFetch()
        const connector = oktaConnectorFor(connection, fetch)
        assert.equal(unwrap(await connector.getAccount(id, {})).id, id)
        assert.equal(unwrap(await connector.getAccount(id, {})).id, id)
        assert.equal(okta.stats.tokenRequests, 1, 'the token is cached')
        const form = new URLSearchParams(String(requests[0]?.body))
        assert.equal(
          form.get('client_assertion_type'),
          'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        )
        assert.equal(form.get('scope'), 'okta.users.read')
      } finally {
        await okta.close()
      }
    })
  }

  it('refuses a private key it cannot use, at validation', async () => {
    const { oktaConnectionSchema } = await import('../../src/integrations/connectors/index.js')
    const parsed = oktaConnectionSchema.safeParse({
      auth: {
        type: 'okta_private_key_jwt',
        orgUrl: 'https://acme.okta.com',
        clientId: 'x',
        privateKey: 'not a key',
        scopes: ['okta.users.read'],
      },
    })
    assert.equal(parsed.success, false)
  })
})
