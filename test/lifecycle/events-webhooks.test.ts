import assert from 'node:assert/strict'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { verifySignature } from '../../src/platform/webhooks/index.js'
import { fixedClock } from '../../src/shared/clock.js'
import { eachDialect, type TestStore } from '../helpers/dialects.js'
import { type Hub, hubApi, startHub } from '../helpers/hub.js'

const SYSTEM = { type: 'system', id: null } as const
const ALL_SCOPES = ['scim:manage', 'integrations:read', 'integrations:manage', 'audit:read']

type Received = { headers: IncomingHttpHeaders; body: string; status: number }

/** A webhook receiver on 127.0.0.1 that answers each delivery with the next planned status. */
async function startReceiver(plan: () => number) {
  const received: Received[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const status = plan()
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status,
      })
      response.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A workspace with a management token and a SCIM directory, made through the hub's services. */
async function workspaceOn(hub: Hub, slug: string) {
  const services = hub.server.services
  const workspace = await services.workspaces.create({ slug, plan: 'enterprise' }, SYSTEM)
  const token = await services.apiTokens.create(
    { workspaceId: workspace.id, scopes: ALL_SCOPES },
    SYSTEM,
  )
  const { token: scimToken } = await services.directories.create(
    { workspaceId: workspace.id, settings: { profile: 'standard' } },
    SYSTEM,
  )
  const addUsers = async (names: readonly string[]) => {
    for (const name of names) {
      const response = await fetch(`${hub.url}/scim/v2/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${scimToken}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: `${name}@${slug}.com`,
          active: true,
        }),
      })
      assert.equal(response.status, 201)
    }
  }
  return { workspace, token: token.token, api: hubApi(hub, token.token), addUsers }
}

eachDialect('events API', (database) => {
  let store: TestStore
  let hub: Hub
  before(async () => {
    store = await database.open()
    hub = await startHub(store, { clock: fixedClock('2026-11-25T09:00:00.000Z') })
  })
  after(async () => {
    await hub.close()
    await store.close()
  })

  it('pages a workspace’s events by cursor in commit order, and never shows another’s', async () => {
    const acme = await workspaceOn(hub, 'acme')
    const other = await workspaceOn(hub, 'other')
    await acme.addUsers(['a1', 'a2', 'a3'])
    await other.addUsers(['o1', 'o2'])
    await acme.addUsers(['a4', 'a5'])
    const seen: any[] = []
    let cursor = '0'
    for (let page = 0; page < 10; page += 1) {
      const reply = await acme.api('GET', `/api/events?after=${cursor}&limit=2`)
      assert.equal(reply.status, 200)
      seen.push(...reply.body.events)
      cursor = reply.body.nextCursor
      if (!reply.body.hasMore) break
    }
    const created = seen.filter((e) => e.type === 'scim.user.created')
    assert.deepEqual(
      created.map((e) => e.data.userName ?? e.data.resource?.userName ?? e.subject.id).length,
      5,
    )
    const cursors = seen.map((e) => Number(e.cursor))
    assert.deepEqual(
      cursors,
      [...cursors].sort((a, b) => a - b),
      'stable ascending order',
    )
    assert.equal(new Set(cursors).size, cursors.length, 'no event twice')
    const otherIds = new Set(
      (await other.api('GET', '/api/events?limit=1000')).body.events.map((e: any) => e.id),
    )
    assert.ok(
      seen.every((e) => !otherIds.has(e.id)),
      'workspaces never see each other’s events',
    )
    const idle = await acme.api('GET', `/api/events?after=${cursor}`)
    assert.deepEqual(idle.body.events, [])
    assert.equal(idle.body.nextCursor, cursor, 'an idle poll keeps its place')
  })

  it('filters by type and prefix', async () => {
    const acme = await workspaceOn(hub, 'filters')
    await acme.addUsers(['f1', 'f2'])
    const exact = await acme.api('GET', '/api/events?type=scim.user.created')
    assert.equal(exact.body.events.length, 2)
    const prefix = await acme.api('GET', '/api/events?type=scim.*,nothing.here')
    assert.ok(prefix.body.events.length >= 2)
    assert.ok(prefix.body.events.every((e: any) => e.type.startsWith('scim.')))
    const none = await acme.api('GET', '/api/events?type=task.opened')
    assert.deepEqual(none.body.events, [])
  })

  it('refuses bad cursors and queries with 400, and callers without the scope with 403', async () => {
    const acme = await workspaceOn(hub, 'errors')
    for (const after of ['abc', '-1', '1.5', '999999999999'])
      assert.equal(
        (await acme.api('GET', `/api/events?after=${after}`)).body.error.code,
        'EVENTS_CURSOR_INVALID',
        after,
      )
    for (const query of ['limit=0', 'limit=5000', 'type=Bad!', 'colour=blue']) {
      const reply = await acme.api('GET', `/api/events?${query}`)
      assert.equal(reply.status, 400, query)
      assert.equal(reply.body.error.code, 'EVENTS_QUERY_INVALID', query)
    }
    const auditOnly = await hub.server.services.apiTokens.create(
      { workspaceId: acme.workspace.id, scopes: ['audit:read'] },
      SYSTEM,
    )
    assert.equal((await hubApi(hub, auditOnly.token)('GET', '/api/events')).status, 403)
    assert.equal((await hubApi(hub, 'rc_nope')('GET', '/api/events')).status, 401)
  })
})

eachDialect('webhooks', (database) => {
  const clock = fixedClock('2026-11-25T09:00:00.000Z')
  const config = {
    'webhooks.backoffBaseMs': 1000,
    'webhooks.backoffMaxMs': 60_000,
    'webhooks.maxAttempts': 5,
  }
  let store: TestStore
  before(async () => {
    store = await database.open()
  })
  after(async () => store.close())

  it('signs deliveries so a receiver can verify them, and retries 5xx with backoff', async () => {
    const statuses = [500, 503]
    const receiver = await startReceiver(() => statuses.shift() ?? 200)
    const hub = await startHub(store, { clock, config })
    try {
      const acme = await workspaceOn(hub, 'signed')
      const created = await acme.api('POST', '/api/webhooks', {
        url: receiver.url,
        eventTypes: ['scim.user.*'],
      })
      assert.equal(created.status, 201)
      const { id, secret } = created.body
      assert.match(secret, /^whsec_[\w-]{43}$/)
      const shown = await acme.api('GET', `/api/webhooks/${id}`)
      assert.equal(shown.body.secret, undefined, 'the secret is shown once')
      const row = await store.db
        .selectFrom('webhooks')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      assert.ok(!row.secret_sealed.includes(secret.slice(6)), 'the secret is sealed at rest')
      await acme.addUsers(['s1', 's2'])
      const work = hub.server.services.lifecycleWork

      assert.equal((await work.deliverWebhooks()).sent, 0)
      assert.equal(receiver.received.length, 1)
      await work.deliverWebhooks()
      assert.equal(receiver.received.length, 1, 'no retry before the backoff has passed')
      const waiting = (await acme.api('GET', `/api/webhooks/${id}`)).body
      assert.equal(waiting.attempts, 1)
      assert.ok(waiting.nextAttemptAt > clock.now().toISOString())
      clock.advance(60_000)
      assert.equal((await work.deliverWebhooks()).sent, 0)
      clock.advance(60_000)
      assert.equal((await work.deliverWebhooks()).sent, 2)
      assert.deepEqual(
        receiver.received.map((r) => r.status),
        [500, 503, 200, 200],
      )

      const delivered = receiver.received.slice(2)
      const events = delivered.map((r) => JSON.parse(r.body))
      assert.deepEqual(
        events.map((e) => e.type),
        ['scim.user.created', 'scim.user.created'],
      )
      assert.ok(Number(events[0].cursor) < Number(events[1].cursor))
      assert.equal(receiver.received[0]?.body, delivered[0]?.body, 'a retry sends the same event')
      for (const r of delivered) {
        const header = String(r.headers['rollcall-signature'])
        assert.match(header, new RegExp(`^t=${r.headers['rollcall-timestamp']},v1=[0-9a-f]{64}$`))
        assert.equal(verifySignature(secret, header, r.body, { now: clock.now() }), true)
        assert.equal(verifySignature(secret, header, `${r.body} `, { now: clock.now() }), false)
        assert.equal(verifySignature(`${secret}x`, header, r.body, { now: clock.now() }), false)
        const late = new Date(clock.now().getTime() + 3_600_000)
        assert.equal(verifySignature(secret, header, r.body, { now: late }), false)
      }
      const log = (await acme.api('GET', `/api/webhooks/${id}/deliveries`)).body.deliveries
      assert.deepEqual(
        log.map((d: any) => [d.status, d.attempt, d.httpStatus]).sort(),
        [
          ['failed', 1, 500],
          ['failed', 2, 503],
          ['succeeded', 1, 200],
          ['succeeded', 3, 200],
        ].sort(),
      )
    } finally {
      await hub.close()
      await receiver.close()
    }
  })

  it('abandons an event after the last attempt, logs it, and goes on with the next', async () => {
    let calls = 0
    const receiver = await startReceiver(() => (++calls <= 5 ? 500 : 200))
    const hub = await startHub(store, { clock, config })
    try {
      const acme = await workspaceOn(hub, 'abandon')
      const { id } = (
        await acme.api('POST', '/api/webhooks', {
          url: receiver.url,
          eventTypes: ['scim.user.created'],
        })
      ).body
      await acme.addUsers(['x1', 'x2'])
      for (let round = 0; round < 6; round += 1) {
        await hub.server.services.lifecycleWork.deliverWebhooks()
        clock.advance(60_000)
      }
      const bodies = receiver.received.map((r) => JSON.parse(r.body).id)
      assert.equal(receiver.received.length, 6)
      assert.equal(new Set(bodies.slice(0, 5)).size, 1, 'five attempts at the first event')
      assert.notEqual(bodies[5], bodies[0], 'then the next event')
      const log = (await acme.api('GET', `/api/webhooks/${id}/deliveries`)).body.deliveries
      assert.deepEqual(log.map((d: any) => d.status).sort(), [
        'abandoned',
        'failed',
        'failed',
        'failed',
        'failed',
        'succeeded',
      ])
      const abandoned = log.find((d: any) => d.status === 'abandoned')
      assert.equal(abandoned.attempt, 5)
      assert.equal(abandoned.eventId, bodies[0])
    } finally {
      await hub.close()
      await receiver.close()
    }
  })

  it('loses nothing across a restart, replays from a cursor, and can be paused and deleted', async () => {
    let up = false
    const receiver = await startReceiver(() => (up ? 200 : 500))
    const first = await startHub(store, { clock, config })
    const acme = await workspaceOn(first, 'restart')
    const { id } = (
      await acme.api('POST', '/api/webhooks', {
        url: receiver.url,
        eventTypes: ['scim.user.created'],
      })
    ).body
    await acme.addUsers(['r1', 'r2', 'r3'])
    await first.server.services.lifecycleWork.deliverWebhooks()
    assert.equal(receiver.received.length, 1)
    await first.close()

    const second = await startHub(store, { clock, config })
    try {
      const api = hubApi(second, acme.token)
      up = true
      const again = {
        ...acme,
        addUsers: (await workspaceToken(second, acme.workspace.id)).addUsers,
      }
      await again.addUsers(['r4', 'r5'])
      clock.advance(60_000)
      while ((await second.server.services.lifecycleWork.deliverWebhooks()).sent > 0);
      const ok = receiver.received.filter((r) => r.status === 200).map((r) => JSON.parse(r.body))
      assert.equal(ok.length, 5, 'every event, once')
      assert.equal(new Set(ok.map((e) => e.id)).size, 5)
      const cursors = ok.map((e) => Number(e.cursor))
      assert.deepEqual(
        cursors,
        [...cursors].sort((a, b) => a - b),
      )

      const replayed = await api('POST', `/api/webhooks/${id}/replay`, {
        after: String(cursors[1]),
      })
      assert.equal(replayed.status, 200)
      assert.equal(replayed.body.cursor, String(cursors[1]))
      while ((await second.server.services.lifecycleWork.deliverWebhooks()).sent > 0);
      const resent = receiver.received.slice(-3).map((r) => JSON.parse(r.body).id)
      assert.deepEqual(
        resent,
        ok.slice(2).map((e) => e.id),
      )
      assert.equal((await api('POST', `/api/webhooks/${id}/replay`, { after: 'x' })).status, 400)

      assert.equal(
        (await api('PATCH', `/api/webhooks/${id}`, { enabled: false })).body.enabled,
        false,
      )
      await api('POST', `/api/webhooks/${id}/replay`, { after: '0' })
      assert.equal((await second.server.services.lifecycleWork.deliverWebhooks()).sent, 0)
      assert.equal((await api('PATCH', `/api/webhooks/${id}`, { url: 'ftp://x' })).status, 422)
      assert.equal((await api('DELETE', `/api/webhooks/${id}`)).status, 204)
      assert.equal((await api('GET', `/api/webhooks/${id}`)).status, 404)
      const audit = await second.server.services.store.db
        .selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', id)
        .execute()
      assert.deepEqual(audit.map((a) => a.action).sort(), [
        'webhook.created',
        'webhook.deleted',
        'webhook.replayed',
        'webhook.replayed',
        'webhook.updated',
      ])
    } finally {
      await second.close()
      await receiver.close()
    }
  })
})

/** The SCIM directory of an existing workspace, re-created on another hub for new users. */
async function workspaceToken(hub: Hub, workspaceId: string) {
  const { token } = await hub.server.services.directories.create(
    { workspaceId, settings: { profile: 'standard' } },
    SYSTEM,
  )
  return {
    addUsers: async (names: readonly string[]) => {
      for (const name of names) {
        const response = await fetch(`${hub.url}/scim/v2/Users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify({
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName: `${name}@restart.com`,
          }),
        })
        assert.equal(response.status, 201)
      }
    },
  }
}

describe('webhook signatures', () => {
  it('are HMAC-SHA256 over timestamp.body, compared in constant time', async () => {
    const { signPayload } = await import('../../src/platform/webhooks/index.js')
    const { createHmac } = await import('node:crypto')
    const expected = createHmac('sha256', 'whsec_k').update('1700000000.{"a":1}').digest('hex')
    assert.equal(signPayload('whsec_k', 1_700_000_000, '{"a":1}'), expected)
    const now = new Date(1_700_000_000_000)
    assert.equal(
      verifySignature('whsec_k', `t=1700000000,v1=${expected}`, '{"a":1}', { now }),
      true,
    )
    assert.equal(
      verifySignature('whsec_k', `t=1700000000,v1=${'0'.repeat(64)},v1=${expected}`, '{"a":1}', {
        now,
      }),
      true,
    )
    assert.equal(verifySignature('whsec_k', `t=1700000000,v1=zz`, '{"a":1}', { now }), false)
    assert.equal(verifySignature('whsec_k', undefined, '{"a":1}', { now }), false)
    assert.equal(verifySignature('whsec_k', `v1=${expected}`, '{"a":1}', { now }), false)
  })
})
