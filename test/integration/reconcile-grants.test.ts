import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import type { GrantRule } from '../../src/access/apps/index.js'
import {
  createPersonAccess,
  type Operation,
  type PlanView,
} from '../../src/access/reconcile/index.js'
import { decodeJson } from '../../src/platform/store/index.js'
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

/** A Samepage app (no API: grants change by a task the manual connector opens), its grants from CSV. */
async function samepage(h: LifecycleHarness, name: string) {
  const app = await h.services.apps.connect(
    h.workspace.id,
    { catalogId: 'samepage', name, owner: 'it@acme.com', assignment: { all: true } },
    SYSTEM,
  )
  const appId = app.id
  return {
    appId,
    /** Replaces the app's accounts and grants with this export (`email: roles`) and refreshes. */
    async holds(members: Record<string, string[]>) {
      const lines = Object.entries(members).map(
        ([email, roles]) => `${email},${email.split('@')[0]},active,${roles.join(';')}`,
      )
      await h.services.accountImports.importCsv(
        h.workspace.id,
        appId,
        { text: `Email,Name,Status,Roles\n${lines.join('\n')}\n`, fileName: 'users.csv' },
        SYSTEM,
      )
      const report = await h.services.graph.refreshApp(h.workspace.id, appId, {
        ...opts,
        acceptGone: true,
      })
      assert.equal(report.status, 'succeeded', JSON.stringify(report))
    },
    /** Sets the app's grant rules straight in the store (the rules API is another step). */
    async rules(rules: Array<Omit<GrantRule, 'entitlementId' | 'createdAt'> & { role: string }>) {
      const ids = await entitlementIds(h, appId)
      const stored: GrantRule[] = rules.map(({ role, ...rule }) => ({
        ...rule,
        entitlementId: ids.get(role) ?? `ent-missing-${role}`,
        createdAt: new Date().toISOString(),
      }))
      await h.store.db
        .updateTable('apps')
        .set({ grant_rules: JSON.stringify(stored) })
        .where('id', '=', appId)
        .execute()
    },
  }
}

async function entitlementIds(h: LifecycleHarness, appId: string) {
  const rows = await h.store.db
    .selectFrom('entitlements')
    .select(['id', 'display_name'])
    .where('app_id', '=', appId)
    .execute()
  return new Map(rows.map((r) => [r.display_name, r.id]))
}

/** Operations as `kind role email status` lines (a deactivation lists the grants it takes). */
function lines(plan: PlanView): string[] {
  return plan.operations
    .map((op: Operation) => {
      const p = op.payload
      const what =
        p.kind === 'add_grant' || p.kind === 'remove_grant'
          ? p.entitlement.displayName
          : 'grants' in p && p.grants
            ? `[${p.grants
                .map((g) => g.displayName)
                .sort()
                .join(',')}]`
            : ''
      const kind = p.kind === 'task' ? `task:${p.action}` : op.kind
      return `${kind} ${what} ${op.personEmail ?? op.accountId} ${op.status}`.replace('  ', ' ')
    })
    .sort()
}

eachDialect('reconcile: grants planned from grant rules (issue 15)', (database) => {
  let h: LifecycleHarness
  let app: Awaited<ReturnType<typeof samepage>>
  const people: CsvPerson[] = [
    { email: 'ada@acme.com', groups: ['Sales'] },
    { email: 'bob@acme.com', groups: ['Sales'] },
    { email: 'cy@acme.com', groups: ['Eng'] },
    { email: 'dee@acme.com', groups: ['Eng'] },
  ]
  const reconcile = () => reconcileWith(h.services, { chunkSize: 2 })
  const plan = () => reconcile().createPlan(h.workspace.id, { appId: app.appId }, opts)
  const findings = async () =>
    (await reconcile().findings(h.workspace.id, { appId: app.appId })).findings
      .filter((f) => f.kind.endsWith('_grant'))
      .map(
        (f) =>
          `${f.kind} ${f.subjectKey.split(':').at(-1) === undefined ? '' : ''}${f.personEmail ?? f.accountId} ${String((f.evidence.entitlement as { name?: string } | undefined)?.name)}`,
      )
      .sort()

  before(async () => {
    h = await openLifecycle(database)
    await h.setPeople(people)
    app = await samepage(h, 'Samepage')
    await app.holds({
      'ada@acme.com': ['Viewers', 'Sales-Editor'],
      'bob@acme.com': ['Viewers', 'Sales-Editor', 'Admin'],
      'cy@acme.com': ['Legacy', 'Eng-Editor'],
      'dee@acme.com': ['Viewers', 'Eng-Editor', 'Temp'],
      'zed@elsewhere.org': ['Viewers'],
    })
    await app.rules([
      { id: 'r-view', role: 'Viewers', entitlementName: 'Viewers' },
      {
        id: 'r-sales',
        role: 'Sales-Editor',
        entitlementName: 'Sales-Editor',
        filter: 'groups.display eq "Sales"',
      },
      {
        id: 'r-eng',
        role: 'Eng-Editor',
        entitlementName: 'Eng-Editor',
        filter: 'groups.display eq "Eng"',
      },
      {
        id: 'r-temp',
        role: 'Temp',
        entitlementName: 'Temp',
        until: new Date(Date.now() - DAY).toISOString(),
      },
      { id: 'r-gone', role: 'Nonexistent', entitlementName: 'Nonexistent' },
    ])
    const ids = await entitlementIds(h, app.appId)
    const cy = await h.store.db
      .selectFrom('accounts')
      .select('id')
      .where('app_id', '=', app.appId)
      .where('user_name', '=', 'cy@acme.com')
      .executeTakeFirstOrThrow()
    await h.store.db
      .insertInto('grant_exceptions')
      .values({
        id: 'gx-1',
        workspace_id: h.workspace.id,
        app_id: app.appId,
        entitlement_id: ids.get('Legacy') ?? '',
        account_id: cy.id,
        reason: 'keeps the legacy reports until the migration',
        expires_at: new Date(Date.now() + 30 * DAY).toISOString(),
        created_by: JSON.stringify(SYSTEM),
        created_at: new Date().toISOString(),
        revoked_at: null,
        revoked_by: null,
      })
      .execute()
  })
  after(() => h.close())

  it('birthright add, expiry removal, exception kept, privileged removal held, inert rule noted', async () => {
    const view = await plan()
    assert.deepEqual(lines(view), [
      'add_grant Viewers cy@acme.com planned',
      'remove_grant Admin bob@acme.com held',
      'remove_grant Temp dee@acme.com planned',
    ])
    const held = view.operations.find((op) => op.status === 'held')
    assert.match(held?.holdReason ?? '', /removing the privileged role Admin waits for approval/)
    assert.ok(
      view.notes.some((n) => /grant rule r-gone .* no longer lists/.test(n)),
      JSON.stringify(view.notes),
    )
    const all = (await reconcile().findings(h.workspace.id, { appId: app.appId })).findings
    const temp = all.find((f) => f.kind === 'excess_grant' && f.personEmail === 'dee@acme.com')
    assert.match(String(temp?.evidence.reason), /r-temp granted it until .*: expired at/)
    assert.equal(
      all.filter((f) => f.personEmail === 'cy@acme.com' && f.kind === 'excess_grant').length,
      0,
      'the exception keeps Legacy',
    )
    const orphan = all.find((f) => f.kind === 'residual_grant')
    assert.equal(orphan?.personId, null)
    assert.equal((orphan?.evidence.entitlement as { name?: string } | undefined)?.name, 'Viewers')
    const [summary] = (await reconcile().reconcile(h.workspace.id, { appId: app.appId }, opts)).apps
    assert.equal(summary?.grants, 11)
    assert.equal(summary?.counts.missing_grant, 1)
    assert.equal(summary?.counts.privileged_grant, 1)
  })

  it("a person's access: each grant's reason is its rule, an exception, or none", async () => {
    const access = createPersonAccess({
      ...{ db: h.store.db, dialect: h.store.dialect },
      ...{ apps: h.services.apps, people: h.services.people, clock: h.services.clock },
    })
    const reasons = async (email: string) => {
      const person = await h.services.graph.resolvePerson(h.workspace.id, email)
      const view = await access.of(h.workspace.id, person.id)
      return (view.apps[0]?.grants ?? [])
        .map((g) =>
          `${g.entitlementName} ${g.reason.kind} ${g.reason.rule?.id ?? g.reason.exception?.reason ?? ''}`.trim(),
        )
        .sort()
    }
    assert.deepEqual(await reasons('cy@acme.com'), [
      'Eng-Editor rule r-eng',
      'Legacy exception keeps the legacy reports until the migration',
    ])
    assert.deepEqual(await reasons('bob@acme.com'), [
      'Admin none',
      'Sales-Editor rule r-sales',
      'Viewers rule r-view',
    ])
  })

  it('expiry is enforced: once the grant is gone no later plan adds it back', async () => {
    await app.holds({
      'ada@acme.com': ['Viewers', 'Sales-Editor'],
      'bob@acme.com': ['Viewers', 'Sales-Editor', 'Admin'],
      'cy@acme.com': ['Legacy', 'Eng-Editor', 'Viewers'],
      'dee@acme.com': ['Viewers', 'Eng-Editor'],
      'zed@elsewhere.org': ['Viewers'],
    })
    const view = await plan()
    assert.deepEqual(lines(view), ['remove_grant Admin bob@acme.com held'])
    assert.deepEqual(
      (await findings()).filter((f) => f.includes('cy@') || f.includes('dee@')),
      [],
      'the stale missing and excess grant findings are closed by the people-range sync',
    )
  })

  it('a mover: the grants of the group they leave go, those of the group they join come', async () => {
    await h.setPeople(
      people.map((p) => (p.email === 'ada@acme.com' ? { ...p, groups: ['Eng'] } : p)),
    )
    const view = await plan()
    assert.deepEqual(lines(view), [
      'add_grant Eng-Editor ada@acme.com planned',
      'remove_grant Admin bob@acme.com held',
      'remove_grant Sales-Editor ada@acme.com planned',
    ])
    assert.equal(view.moversTotal, 1)
    assert.deepEqual(
      view.movers.map((m) => m.words),
      [
        'ada@acme.com leaves: role Sales-Editor in Samepage; joins: role Eng-Editor in Samepage (rule: groups.display eq "Eng")',
      ],
    )
    const fetched = await reconcile().getPlan(h.workspace.id, view.id)
    assert.deepEqual(fetched.movers, view.movers, 'stored with the plan')
    assert.ok(
      fetched.notes.some((n) => n.includes('r-gone')),
      'notes kept beside the movers',
    )
  })

  it('a leaver: the deactivation task removes their grants first, one residual_grant each', async () => {
    await h.setPeople(
      people.map((p) =>
        p.email === 'ada@acme.com'
          ? { ...p, groups: ['Eng'] }
          : p.email === 'bob@acme.com'
            ? { ...p, active: false }
            : p,
      ),
    )
    const view = await plan()
    const bob = view.operations.filter((op) => op.personEmail === 'bob@acme.com')
    assert.deepEqual(
      bob.map((op) => lines({ ...view, operations: [op] })[0]),
      ['task:deactivate_account [Admin,Sales-Editor,Viewers] bob@acme.com planned'],
    )
    const residual = (await findings()).filter((f) => f.startsWith('residual_grant bob'))
    assert.deepEqual(residual, [
      'residual_grant bob@acme.com Admin',
      'residual_grant bob@acme.com Sales-Editor',
      'residual_grant bob@acme.com Viewers',
    ])
  })
})

eachDialect('reconcile: the safety rule counts grant removals (issue 15)', (database) => {
  let h: LifecycleHarness
  const team = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => `${n}@acme.com`)

  before(async () => {
    h = await openLifecycle(database)
  })
  after(() => h.close())

  it('an IdP group that comes back empty never strips the app: its removals are held', async () => {
    await h.setPeople(team.map((email) => ({ email, groups: ['Ops'] })))
    const app = await samepage(h, 'Samepage Ops')
    await app.holds(Object.fromEntries(team.map((email) => [email, ['Ops-Editor']])))
    await app.rules([
      {
        id: 'r-ops',
        role: 'Ops-Editor',
        entitlementName: 'Ops-Editor',
        filter: 'groups.display eq "Ops"',
      },
    ])
    const reconcile = reconcileWith(h.services, { chunkSize: 3 })
    const calm = await reconcile.createPlan(h.workspace.id, { appId: app.appId }, opts)
    assert.deepEqual(lines(calm), [], 'in sync: nothing to do')

    await h.setPeople(team.map((email) => ({ email, groups: [] })))
    const view = await reconcile.createPlan(h.workspace.id, { appId: app.appId }, opts)
    assert.equal(view.operations.length, team.length)
    for (const op of view.operations) {
      assert.equal(op.kind, 'remove_grant')
      assert.equal(op.status, 'held')
      assert.match(op.holdReason ?? '', /7 of 7 grants \(100%\) would be removed/)
    }
    const run = await h.store.db
      .selectFrom('reconcile_runs')
      .select('apps')
      .orderBy('started_at', 'desc')
      .executeTakeFirstOrThrow()
    const [summary] = decodeJson<Array<{ grants: number; grantRemovals: number }>>(run.apps)
    assert.deepEqual([summary?.grants, summary?.grantRemovals], [7, 7])
  })
})
