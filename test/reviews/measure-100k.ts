// Measures an access review at scale (issue 18's closing note): creating a campaign of ~100k
// items (20,000 people × one account + four grants in one app) and exporting its report.
// Not a test (no timing assertions anywhere): run by hand,
//   npx tsx test/reviews/measure-100k.ts            (SQLite)
//   ROLLCALL_TEST_POSTGRES_URL=postgres://… npx tsx test/reviews/measure-100k.ts --postgres
import { testDatabases } from '../helpers/dialects.js'
import { openPeople, SYSTEM } from '../helpers/people.js'

const PEOPLE = Number(process.env.MEASURE_PEOPLE ?? 20_000)
const ROLES = ['Editors', 'Viewers', 'Billing', 'Support']
const NOW = '2026-12-01T09:00:00.000Z'

const database = testDatabases().find(
  (d) => d.dialect === (process.argv.includes('--postgres') ? 'postgres' : 'sqlite'),
)
if (!database) throw new Error('no such dialect configured')
const h = await openPeople(database)
const ws = h.workspace.id
const db = h.store.db
const app = await h.services.apps.connect(
  ws,
  { catalogId: 'samepage', name: 'Samepage', owner: 'it@acme.com', assignment: { all: true } },
  SYSTEM,
)

const id = (kind: string, i: number) => `${kind}-${String(i).padStart(7, '0')}`
const batches = async <T>(rows: T[], insert: (part: T[]) => Promise<unknown>) => {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500))
}
// People, accounts, entitlements and grants written straight into the tables (the refresh that
// fills them is measured by the reconcile bench; here only the review is).
const people = Array.from({ length: PEOPLE }, (_, i) => {
  const email = `p${i}@acme.test`
  return {
    ...{ id: id('person', i), workspace_id: ws, user_name: email, user_name_key: email },
    ...{ external_id: null, external_id_key: null, display_name: `P ${i}`, active: 1 },
    ...{ primary_email: email, status: 'active', gone_at: null, version: 1 },
    resource: JSON.stringify({ userName: email, emails: [{ value: email, primary: true }] }),
    ...{ created_at: NOW, updated_at: NOW },
  }
})
await batches(people, (part) => db.insertInto('people').values(part).execute())
await batches(
  people.map((p, i) => ({
    ...{ id: id('account', i), workspace_id: ws, app_id: app.id, remote_id: p.user_name },
    ...{
      user_name: p.user_name,
      user_name_key: p.user_name,
      external_id_key: null,
      email_key: p.user_name,
    },
    ...{ employee_number: null, display_name: p.display_name, active: 1 },
    attributes: JSON.stringify({ userName: p.user_name, emails: [], raw: { 'Last login': NOW } }),
    ...{
      fingerprint: 'x',
      person_id: p.id,
      link_state: 'linked',
      link_kind: 'rule',
      link_rule: 'email',
    },
    ...{ linked_at: NOW, inactive_since: null, seen_snapshot_id: null, first_seen_at: NOW },
    ...{ removed_at: null, updated_at: NOW },
  })),
  (part) => db.insertInto('accounts').values(part).execute(),
)
const entitlements = ROLES.map((name, i) => ({
  ...{ id: id('ent', i), workspace_id: ws, app_id: app.id, remote_id: name, kind: 'role' },
  ...{ display_name: name, description: null, privileged: 0, attributes: '{}', fingerprint: name },
  ...{ seen_snapshot_id: null, first_seen_at: NOW, removed_at: null, updated_at: NOW },
}))
await db.insertInto('entitlements').values(entitlements).execute()
await batches(
  people.flatMap((_, i) =>
    entitlements.map((e, r) => ({
      ...{ id: id(`grant${r}`, i), workspace_id: ws, app_id: app.id, entitlement_id: e.id },
      ...{
        account_id: id('account', i),
        seen_snapshot_id: null,
        first_seen_at: NOW,
        removed_at: null,
      },
    })),
  ),
  (part) => db.insertInto('grants').values(part).execute(),
)

const rss = () => `${Math.round(process.memoryUsage().rss / 1e6)} MB RSS`
const started = performance.now()
const review = await h.services.reviews.create(
  ws,
  {
    name: 'scale',
    scope: { apps: [app.id] },
    reviewers: { type: 'app_owner' },
    dueAt: '2030-01-01T00:00:00Z',
    default: 'keep',
  },
  SYSTEM,
)
const created = performance.now()
let bytes = 0
for (const format of ['json', 'csv', 'html'] as const) {
  const from = performance.now()
  bytes = 0
  for await (const chunk of h.services.reviews.report(ws, review.id, format)) bytes += chunk.length
  console.log(
    `report ${format}: ${Math.round(performance.now() - from)} ms, ${Math.round(bytes / 1e6)} MB`,
  )
}
console.log(
  `${database.dialect}: ${review.progress.items} items created in ${Math.round(created - started)} ms (${rss()})`,
)
await h.close()
