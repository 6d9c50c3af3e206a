import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import { AUDIT_CSV_COLUMNS, streamAuditEntries } from '../../src/platform/audit/index.js'
import { eachDialect } from '../helpers/dialects.js'
import { managementApi } from '../helpers/http.js'
import { Browser, createMember } from '../helpers/oauth.js'
import { startServer, type TestServer } from '../helpers/server.js'

const SYSTEM = { type: 'system', id: null } as const

/** `GET /api/audit`: pages, filters, CSV and JSON exports streamed by keyset pages, permissions. */
eachDialect('the audit API', (database) => {
  let server: TestServer
  const api = () => managementApi(server)

  /** Entries with known ids and days: `zz-01` … on 2026-01-01 … (ids sort after UUIDv7s). */
  const seed = async (action: string, count: number, targetId = (i: number) => `t${i}`) => {
    const rows = Array.from({ length: count }, (_, index) => {
      const i = index + 1
      const day = new Date(Date.UTC(2026, 0, 1) + index * 86_400_000).toISOString()
      return {
        id: `zz-${action}-${String(i).padStart(5, '0')}`,
        workspace_id: server.workspace.id,
        at: day,
        actor_type: 'api_token',
        actor_id: 'tok-1',
        action,
        target_type: i % 2 === 0 ? 'even' : 'odd',
        target_id: targetId(i),
        before: null,
        after: JSON.stringify({ n: i, note: 'a "quoted", comma\nline' }),
        request_id: null,
      }
    })
    for (let start = 0; start < rows.length; start += 200) {
      await server.store.db
        .insertInto('audit_log')
        .values(rows.slice(start, start + 200))
        .execute()
    }
  }

  before(async () => {
    server = await startServer(database)
    await seed('test.page', 12, (i) => (i === 3 ? '=HYPERLINK("http://evil")' : `t${i}`))
  })
  after(() => server.close())

  describe('pages', () => {
    it('pages newest first with a cursor until the last page', async () => {
      const ids: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const query: string = `action=test.page&limit=5${cursor ? `&cursor=${cursor}` : ''}`
        const page = await api()('GET', `/api/audit?${query}`)
        assert.equal(page.status, 200, page.text)
        ids.push(...page.body.entries.map((e: { id: string }) => e.id))
        cursor = page.body.nextCursor
        pages++
      } while (cursor)
      assert.equal(pages, 3)
      assert.equal(ids.length, 12)
      assert.deepEqual(ids, [...ids].sort().reverse())
    })

    it('filters by days (from inclusive, to exclusive), target type and target id', async () => {
      const days = await api()('GET', '/api/audit?action=test.page&from=2026-01-03&to=2026-01-05')
      assert.deepEqual(
        days.body.entries.map((e: { target: { id: string } }) => e.target.id),
        ['t4', '=HYPERLINK("http://evil")'],
      )
      const even = await api()('GET', '/api/audit?action=test.page&targetType=even&limit=100')
      assert.equal(even.body.entries.length, 6)
      const one = await api()('GET', '/api/audit?targetType=odd&targetId=t7')
      assert.deepEqual(
        one.body.entries.map((e: { after: { n: number } }) => e.after.n),
        [7],
      )
    })

    it('refuses a malformed query with the field that is wrong', async () => {
      for (const query of ['from=yesterday', 'limit=0', 'format=xml', 'colour=blue']) {
        const reply = await api()('GET', `/api/audit?${query}`)
        assert.equal(reply.status, 400, query)
        assert.equal(reply.body.error.code, 'AUDIT_QUERY_INVALID')
      }
    })
  })

  describe('exports', () => {
    it('exports CSV oldest first, RFC 4180-quoted, with formula cells defused', async () => {
      const reply = await api()('GET', '/api/audit?action=test.page&format=csv')
      assert.equal(reply.status, 200)
      assert.match(reply.headers.get('content-type') ?? '', /^text\/csv/)
      assert.match(
        reply.headers.get('content-disposition') ?? '',
        /^attachment; filename="rollcall-audit-acme-\d{4}-\d{2}-\d{2}\.csv"$/,
      )
      const rows: string[][] = parse(reply.text)
      assert.deepEqual(rows[0], [...AUDIT_CSV_COLUMNS])
      assert.equal(rows.length, 13)
      assert.deepEqual(
        rows.slice(1).map((r) => r[0]),
        Array.from({ length: 12 }, (_, i) => `zz-test.page-${String(i + 1).padStart(5, '0')}`),
      )
      assert.equal(rows[3]?.[6], `'=HYPERLINK("http://evil")`)
      assert.deepEqual(JSON.parse(rows[1]?.[9] ?? ''), { n: 1, note: 'a "quoted", comma\nline' })
    })

    it('exports JSON that parses to the same entries the list API returns', async () => {
      const reply = await api()('GET', '/api/audit?action=test.page&format=json')
      assert.match(reply.headers.get('content-type') ?? '', /^application\/json/)
      assert.match(reply.headers.get('content-disposition') ?? '', /\.json"$/)
      const listed = await api()('GET', '/api/audit?action=test.page&order=asc&limit=100')
      assert.deepEqual(JSON.parse(reply.text), listed.body.entries)
    })

    it('an export with no match is an empty CSV (header only) and an empty JSON array', async () => {
      const csv = await api()('GET', '/api/audit?action=nothing.here&format=csv')
      assert.equal(csv.text, `${AUDIT_CSV_COLUMNS.join(',')}\r\n`)
      const json = await api()('GET', '/api/audit?action=nothing.here&format=json')
      assert.deepEqual(JSON.parse(json.text), [])
    })

    it('streams a large export page by page (chunked, every entry once)', async () => {
      await seed('test.bulk', 1_234)
      const reply = await api()('GET', '/api/audit?action=test.bulk&format=json')
      assert.equal(reply.headers.get('transfer-encoding'), 'chunked')
      const entries: Array<{ id: string }> = JSON.parse(reply.text)
      assert.equal(entries.length, 1_234)
      assert.equal(new Set(entries.map((e) => e.id)).size, 1_234)
      const streamed = []
      for await (const entry of streamAuditEntries(
        server.store.db,
        { workspaceId: server.workspace.id, action: 'test.bulk' },
        100,
      ))
        streamed.push(entry.id)
      assert.deepEqual(
        streamed,
        entries.map((e) => e.id),
      )
    })
  })

  describe('who may read it', () => {
    it('needs audit:read: a token without it and a member session get 403', async () => {
      const token = await server.hub.services.apiTokens.create(
        { workspaceId: server.workspace.id, scopes: ['integrations:read'] },
        SYSTEM,
      )
      const reply = await managementApi(server, token.token)('GET', '/api/audit')
      assert.equal(reply.status, 403)
      const member = await createMember(server, 'viewer@acme.com', 'member')
      const browser = new Browser(server.url)
      await browser.signIn({ email: member.email, password: member.password, workspace: 'acme' })
      const session = await browser.request('/api/audit?format=csv')
      assert.equal(session.status, 403)
      const admin = await createMember(server, 'auditor@acme.com', 'admin')
      const adminBrowser = new Browser(server.url)
      await adminBrowser.signIn({ email: admin.email, password: admin.password, workspace: 'acme' })
      assert.equal((await adminBrowser.request('/api/audit?limit=1')).status, 200)
    })

    it('never shows another workspace its entries', async () => {
      const other = await server.hub.services.workspaces.create({ slug: 'globex' }, SYSTEM)
      const token = await server.hub.services.apiTokens.create(
        { workspaceId: other.id, scopes: ['audit:read'] },
        SYSTEM,
      )
      const reply = await managementApi(server, token.token)('GET', '/api/audit?action=test.page')
      assert.deepEqual(reply.body.entries, [])
    })
  })
})
