import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { GrantRule } from '../../src/access/apps/index.js'
import {
  createPersonAccess,
  insertAccessOverride,
  type Operation,
  type PlanView,
} from '../../src/access/reconcile/index.js'
import { eachDialect } from '../helpers/dialects.js'
import {
  type CsvPerson,
  type LifecycleHarness,
  openLifecycle,
  SYSTEM,
} from '../helpers/lifecycle.js'
import { reconcileWith } from '../helpers/reconcile.js'

const opts = { trigger: 'cli', actor: SYSTEM } as const
const DAY = 86_400_000

/** Operations as `kind role email` lines (a deactivation lists the grants it takes). */
function lines(plan: PlanView): string[] {
  return plan.operations
    .map((op: Operation) => {
      const p = op.payload
      const what =
        p.kind === 'add_grant' || p.kind === 'remove_grant' ? p.entitlement.displayName : ''
      const kind = p.kind === 'task' ? `task:${p.action}` : op.kind
      return `${kind} ${what} ${op.personEmail ?? op.accountId}`.replace('  ', ' ')
    })
    .sort()
}

/**
 * Issue 18: access overrides read by reconciliation, in a Samepage app (grants by task, read
 * from its CSV export). A request's grant is planned until its `until`, then removed with the
 * request named and never planned again; a review's revoke removes a rule's grant (and an
 * account) and no later plan adds it back; a person's access names both.
 */
eachDialect('reconcile: access overrides outrank the rules (issue 18)', (database) => {
  let h: LifecycleHarness
  let appId: string
  const ent = new Map<string, string>()
  const person = new Map<string, string>()
  const people: CsvPerson[] = ['ada', 'bob', 'cy'].map((n) => ({ email: `${n}@acme.com` }))
  const reconcile = () => reconcileWith(h.services, { chunkSize: 2 })
  const plan = () => reconcile().createPlan(h.workspace.id, { appId }, opts)

  async function holds(members: Record<string, string[]>) {
    const rows = Object.entries(members).map(
      ([email, roles]) => `${email},${email.split('@')[0]},active,${roles.join(';')}`,
    )
    await h.services.accountImports.importCsv(
      h.workspace.id,
      appId,
      { text: `Email,Name,Status,Roles\n${rows.join('\n')}\n`, fileName: 'users.csv' },
      SYSTEM,
    )
    const report = await h.services.graph.refreshApp(h.workspace.id, appId, {
      ...opts,
      acceptGone: true,
    })
    assert.equal(report.status, 'succeeded', JSON.stringify(report))
  }

  async function override(
    email: string,
    effect: 'grant' | 'revoke',
    role: string | null,
    until: string | null,
  ) {
    const id = `ov-${Math.random().toString(36).slice(2, 9)}`
    await insertAccessOverride(h.store.db, {
      ...{ id, workspace_id: h.workspace.id, app_id: appId },
      person_id: person.get(email) ?? assert.fail(email),
      entitlement_id: role === null ? null : (ent.get(role) ?? assert.fail(role)),
      ...{ effect, until, source_type: effect === 'grant' ? 'request' : 'review' },
      ...{ source_id: `src-${id}`, reason: `${effect} for the test` },
      ...{ created_by: JSON.stringify(SYSTEM), created_at: new Date().toISOString() },
    })
    return id
  }

  before(async () => {
    h = await openLifecycle(database)
    await h.setPeople(people)
    const app = await h.services.apps.connect(
      h.workspace.id,
      { catalogId: 'samepage', name: 'Samepage', owner: 'it@acme.com', assignment: { all: true } },
      SYSTEM,
    )
    appId = app.id
    await holds({
      'ada@acme.com': ['Viewers', 'Editors'],
      'bob@acme.com': ['Viewers'],
      'cy@acme.com': ['Viewers'],
    })
    const rows = await h.store.db
      .selectFrom('entitlements')
      .select(['id', 'display_name'])
      .where('app_id', '=', appId)
      .execute()
    for (const r of rows) ent.set(r.display_name, r.id)
    const viewers: GrantRule = {
      ...{ id: 'r-view', entitlementId: ent.get('Viewers') ?? '', entitlementName: 'Viewers' },
      createdAt: new Date().toISOString(),
    }
    await h.store.db
      .updateTable('apps')
      .set({ grant_rules: JSON.stringify([viewers]) })
      .where('id', '=', appId)
      .execute()
    for (const p of people)
      person.set(p.email, (await h.services.graph.resolvePerson(h.workspace.id, p.email)).id)
  })
  after(() => h.close())

  it('without overrides Editors is excess; a request grants it to another person until a time', async () => {
    assert.deepEqual(lines(await plan()), ['remove_grant Editors ada@acme.com'])
    await override('ada@acme.com', 'grant', 'Editors', new Date(Date.now() + DAY).toISOString())
    await override('bob@acme.com', 'grant', 'Editors', new Date(Date.now() + DAY).toISOString())
    assert.deepEqual(lines(await plan()), ['add_grant Editors bob@acme.com'])
  })

  it('a review revoke removes a rule-granted grant and the next plan does not add it back', async () => {
    await override('cy@acme.com', 'revoke', 'Viewers', null)
    const view = await plan()
    assert.ok(lines(view).includes('remove_grant Viewers cy@acme.com'), lines(view).join())
    const findings = (await reconcile().findings(h.workspace.id, { appId })).findings
    const revoked = findings.find((f) => f.personEmail === 'cy@acme.com')
    assert.match(String(revoked?.evidence.reason), /^revoked by the review src-ov-/)
    await holds({
      'ada@acme.com': ['Viewers', 'Editors'],
      'bob@acme.com': ['Viewers', 'Editors'],
      'cy@acme.com': [],
    })
    assert.deepEqual(lines(await plan()), [], 'the revoked grant stays gone')
  })

  it("a person's access names the request and the review", async () => {
    const access = createPersonAccess({
      ...{ db: h.store.db, dialect: h.store.dialect },
      ...{ apps: h.services.apps, people: h.services.people, clock: h.services.clock },
    })
    const reasons = async (email: string) =>
      ((await access.of(h.workspace.id, person.get(email) ?? '')).apps[0]?.grants ?? [])
        .map((g) => `${g.entitlementName} ${g.reason.kind}`)
        .sort()
    assert.deepEqual(await reasons('bob@acme.com'), ['Editors request', 'Viewers rule'])
    await holds({
      'ada@acme.com': ['Viewers', 'Editors'],
      'bob@acme.com': ['Viewers', 'Editors'],
      'cy@acme.com': ['Viewers'],
    })
    assert.deepEqual(await reasons('cy@acme.com'), ['Viewers revoked'])
  })

  it('an expired request: its grant is removed with the request named, never planned again', async () => {
    await h.store.db
      .updateTable('access_overrides')
      .set({ until: new Date(Date.now() - 1000).toISOString() })
      .where('effect', '=', 'grant')
      .execute()
    const view = await plan()
    assert.deepEqual(
      lines(view).filter((l) => l.includes('Editors')),
      ['remove_grant Editors ada@acme.com', 'remove_grant Editors bob@acme.com'],
    )
    const findings = (await reconcile().findings(h.workspace.id, { appId })).findings
    const bob = findings.find((f) => f.personEmail === 'bob@acme.com')
    assert.match(
      String(bob?.evidence.reason),
      /^the request src-ov-\S+ granted it until .*: expired$/,
    )
    await holds({ 'ada@acme.com': ['Viewers'], 'bob@acme.com': ['Viewers'], 'cy@acme.com': [] })
    assert.deepEqual(lines(await plan()), [], 'no later plan grants it again')
  })

  it('an account revoke deactivates the account although the rule assigns the person', async () => {
    await override('bob@acme.com', 'revoke', null, null)
    const view = await plan()
    assert.deepEqual(lines(view), ['task:deactivate_account bob@acme.com'])
    const findings = (await reconcile().findings(h.workspace.id, { appId })).findings
    const residual = findings.find((f) => f.kind === 'residual')
    assert.equal(residual?.evidence.reason, 'revoked')
  })
})
