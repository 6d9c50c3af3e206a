import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parse } from 'csv-parse/sync'
import { AUDIT_CSV_COLUMNS, exportAuditEntries } from './audit-export.js'
import type { AuditRecord } from './audit-query.js'

const entry = (over: Partial<AuditRecord>): AuditRecord => ({
  id: 'e1',
  workspaceId: 'w1',
  at: '2026-12-07T10:00:00.000Z',
  actor: { type: 'user', id: 'm1' },
  action: 'test.done',
  target: { type: 'plan', id: 'p1' },
  before: null,
  after: null,
  requestId: null,
  ...over,
})

async function csvOf(entries: AuditRecord[]) {
  async function* source() {
    yield* entries
  }
  const names = {
    actors: new Map([
      ['user:m1', 'grace@acme.test'],
      ['api_token:t1', 'token CI'],
    ]),
    apps: new Map([['a1', 'Samepage']]),
  }
  let text = ''
  for await (const chunk of exportAuditEntries(source(), 'csv', names)) text += chunk
  return parse(text, { columns: true }) as Array<Record<string, string>>
}

/** An auditor reads who and which app by name: `actor_name` and `app_name` beside the ids. */
describe('audit CSV export names', () => {
  it('names members, tokens and the CLI operator, and the app of the target or the document', async () => {
    const rows = await csvOf([
      entry({ id: 'e1' }),
      entry({
        id: 'e2',
        actor: { type: 'api_token', id: 't1' },
        target: { type: 'app', id: 'a1' },
      }),
      entry({
        id: 'e3',
        actor: { type: 'cli', id: 'alice as grace@acme.test' },
        after: { appId: 'a1' },
      }),
      entry({ id: 'e4', actor: { type: 'system', id: null }, before: { appId: 'a1' } }),
      entry({ id: 'e5', actor: { type: 'user', id: 'gone' }, after: { appId: 'unknown' } }),
    ])
    assert.deepEqual(Object.keys(rows[0] ?? {}), [...AUDIT_CSV_COLUMNS])
    assert.deepEqual(
      rows.map((r) => [r.id, r.actor_name, r.app_name]),
      [
        ['e1', 'grace@acme.test', ''],
        ['e2', 'token CI', 'Samepage'],
        ['e3', 'alice as grace@acme.test (CLI)', 'Samepage'],
        ['e4', 'Rollcall', 'Samepage'],
        ['e5', '', ''],
      ],
    )
  })
})
