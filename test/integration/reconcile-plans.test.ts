import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { type SanaEmulator, startSanaEmulator } from '../emulators/sana.js'
import { eachDialect } from '../helpers/dialects.js'
import {
  type CsvPerson,
  type LifecycleHarness,
  openLifecycle,
  SYSTEM,
} from '../helpers/lifecycle.js'
import { reconcileWith, seedSana } from '../helpers/reconcile.js'

const eng = (name: string, extra: Partial<CsvPerson> = {}): CsvPerson => ({
  email: `${name}@acme.com`,
  given: name,
  family: 'X',
  groups: ['Eng'],
  ...extra,
})

const opts = { trigger: 'cli', actor: SYSTEM } as const

/** The safety rule's triggers, approvals, plan scopes and manual apps. */
eachDialect('reconcile: plans, safety and approvals', (database) => {
  let h: LifecycleHarness
  const emulators: SanaEmulator[] = []
  const people = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']

  /** A Sana app whose accounts are exactly `accounts`, refreshed into the graph. */
  async function sanaApp(accounts: readonly string[], overrides: Record<string, unknown> = {}) {
    const sana = await startSanaEmulator()
    emulators.push(sana)
    seedSana(
      sana,
      accounts.map((name) => ({ userName: `${name}@acme.com` })),
    )
    const appId = await h.connectSana(sana, {
      assignment: { filter: 'groups.display eq "Eng"' },
      ...overrides,
    })
    const report = await h.services.graph.refreshApp(h.workspace.id, appId, opts)
    assert.equal(report.status, 'succeeded')
    return appId
  }

  before(async () => {
    h = await openLifecycle(database)
    await h.setPeople(people.map((p) => eng(p)))
  })
  after(async () => {
    for (const sana of emulators) await sana.close()
    await h.close()
  })

  describe('safety triggers', () => {
    it('per-app count: more removals than the app allows are held, with the reason', async () => {
      const appId = await sanaApp(people, {
        assignment: { people: ['a1@acme.com'] },
        policy: { safety: { maxCount: 2, minCount: 0, maxShare: 1 } },
      })
      const plan = await reconcileWith(h.services).createPlan(h.workspace.id, { appId }, opts)
      assert.equal(plan.status, 'held')
      assert.equal(plan.held.length, 5)
      assert.match(
        plan.held[0]?.reason ?? '',
        /5 of 6 accounts \(83%\) would be deactivated or deleted; the limit is 2 accounts/,
      )
      assert.ok(plan.operations.every((op) => op.status === 'held'))
    })

    it('per-app percent: over the share (once past the minimum count) is held', async () => {
      const appId = await sanaApp(people, {
        assignment: { people: ['a1@acme.com', 'a2@acme.com', 'a3@acme.com', 'a4@acme.com'] },
        policy: { safety: { maxCount: 100, minCount: 1, maxShare: 0.2 } },
      })
      const plan = await reconcileWith(h.services).createPlan(h.workspace.id, { appId }, opts)
      assert.equal(plan.held.length, 2)
      assert.match(plan.held[0]?.reason ?? '', /2 of 6 accounts \(33%\).*or 20%/)
      // Under the share, nothing is held.
      const lenient = await sanaApp(people, {
        assignment: { people: ['a1@acme.com', 'a2@acme.com', 'a3@acme.com', 'a4@acme.com'] },
        policy: { safety: { maxCount: 100, minCount: 1, maxShare: 0.5 } },
      })
      const ok = await reconcileWith(h.services).createPlan(
        h.workspace.id,
        { appId: lenient },
        opts,
      )
      assert.equal(ok.status, 'ready')
      assert.deepEqual(ok.held, [])
      assert.equal(ok.operations.filter((op) => op.kind === 'deactivate').length, 2)
    })

    it('workspace-wide: removals across apps over the workspace limit are held', async () => {
      const loose = { safety: { maxCount: 100, minCount: 100, maxShare: 1 } }
      const keep = { people: ['a1@acme.com', 'a2@acme.com', 'a3@acme.com', 'a4@acme.com'] }
      const one = await sanaApp(people, { assignment: keep, policy: loose })
      const two = await sanaApp(people, { assignment: keep, policy: loose })
      const service = reconcileWith(h.services, {
        safety: { maxCount: 3, maxShare: 1, minCount: 0 },
      })
      const [a, b] = await Promise.all(
        [one, two].map((appId) => service.createPlan(h.workspace.id, { appId }, opts)),
      )
      assert.equal(a?.status, 'ready', 'one app alone is within the workspace limit')
      assert.equal(b?.status, 'ready')
      const workspace = await service.createPlan(h.workspace.id, {}, opts)
      const held = workspace.held.filter((x) =>
        workspace.operations.some(
          (op) => op.id === x.operationId && (op.appId === one || op.appId === two),
        ),
      )
      assert.equal(held.length, 4)
      assert.match(
        held[0]?.reason ?? '',
        /across the workspace \(\d+%\); the workspace limit is 3 accounts or 100%/,
      )
    })

    it('the assignment selects nobody now, and the rule changed: held with both reasons', async () => {
      const appId = await sanaApp(['a1', 'a2'])
      const service = reconcileWith(h.services)
      const before = await service.reconcile(h.workspace.id, { appId }, opts)
      assert.equal(before.apps[0]?.entitled, 6)
      await h.services.apps.update(
        h.workspace.id,
        appId,
        { assignment: { filter: 'groups.display eq "Nobody"' } },
        SYSTEM,
      )
      const plan = await service.createPlan(h.workspace.id, { appId }, opts)
      assert.equal(plan.status, 'held')
      const reason = plan.held[0]?.reason ?? ''
      assert.match(
        reason,
        /its assignment selects nobody now, so 2 account\(s\) would be deactivated/,
      )
      assert.match(
        reason,
        /The assignment rule changed since the last reconcile \(was .*Eng.*, now .*Nobody/,
      )
    })
  })

  describe('approvals', () => {
    it('approves or rejects one held item, then all; a decided one cannot be decided again', async () => {
      const appId = await sanaApp(people, {
        assignment: { people: ['a1@acme.com'] },
        policy: { safety: { maxCount: 1, minCount: 0, maxShare: 1 } },
      })
      const service = reconcileWith(h.services)
      const plan = await service.createPlan(h.workspace.id, { appId }, opts)
      const [first, second] = plan.held
      assert.ok(first && second)
      const approved = await service.approve(h.workspace.id, plan.id, first.operationId, SYSTEM)
      assert.equal(approved.held.length, 4)
      assert.equal(
        approved.operations.find((op) => op.id === first.operationId)?.status,
        'approved',
      )
      const rejected = await service.reject(h.workspace.id, plan.id, second.operationId, SYSTEM)
      assert.equal(
        rejected.operations.find((op) => op.id === second.operationId)?.decidedBy?.type,
        'system',
      )
      await assert.rejects(
        service.approve(h.workspace.id, plan.id, first.operationId, SYSTEM),
        /is approved, not held/,
      )
      await assert.rejects(
        service.approve(h.workspace.id, plan.id, 'nope', SYSTEM),
        /No operation 'nope'/,
      )
      const all = await service.approve(h.workspace.id, plan.id, undefined, SYSTEM)
      assert.equal(all.status, 'ready')
      assert.deepEqual(all.held, [])
      assert.deepEqual(all.operations.map((op) => op.status).sort(), [
        'approved',
        'approved',
        'approved',
        'approved',
        'rejected',
      ])
      assert.equal(all.counts.approved, 4)
      const next = await service.createPlan(h.workspace.id, { appId }, opts)
      const none = await service.reject(h.workspace.id, next.id, undefined, SYSTEM)
      assert.ok(none.operations.every((op) => op.status === 'rejected'))
      await assert.rejects(service.getPlan('another-workspace', next.id), /No plan/)
    })
  })

  describe('scopes', () => {
    it('the workspace, one app, one person, and an offboarding preview across every app', async () => {
      const sanaId = await sanaApp(['a1'])
      const samepage = await h.services.apps.connect(
        h.workspace.id,
        {
          catalogId: 'samepage',
          name: 'Samepage',
          owner: 'it@acme.com',
          assignment: { people: ['a1@acme.com'] },
        },
        SYSTEM,
      )
      // Its member list, read (empty): an app whose accounts were never read is planned nothing.
      await h.services.accountImports.importCsv(
        h.workspace.id,
        samepage.id,
        { text: 'email,name,status\n', fileName: 'members.csv' },
        SYSTEM,
      )
      await h.services.graph.refreshApp(h.workspace.id, samepage.id, opts)
      const service = reconcileWith(h.services)
      const whole = await service.createPlan(h.workspace.id, {}, opts)
      const apps = new Set(whole.operations.map((op) => op.appId))
      assert.ok(apps.has(sanaId) && apps.has(samepage.id))
      const one = await service.createPlan(h.workspace.id, { appId: sanaId }, opts)
      assert.deepEqual(one.scope, { appIds: [sanaId] })
      assert.ok(one.operations.every((op) => op.appId === sanaId))
      assert.deepEqual(one.operations.map((op) => `${op.kind} ${op.personEmail}`).sort(), [
        'create a2@acme.com',
        'create a3@acme.com',
        'create a4@acme.com',
        'create a5@acme.com',
        'create a6@acme.com',
      ])
      const person = await service.createPlan(h.workspace.id, { person: 'a2@acme.com' }, opts)
      assert.ok(person.operations.length > 0)
      assert.ok(person.operations.every((op) => op.personEmail === 'a2@acme.com'))
      // Manual app: a task with instructions for the owner; the preview is never applied.
      const task = (
        await service.createPlan(
          h.workspace.id,
          { appId: samepage.id, person: 'a1@acme.com' },
          opts,
        )
      ).operations
      assert.deepEqual(
        task.map((op) => [op.kind, op.payload.kind === 'task' && op.payload.action]),
        [['task', 'create_account']],
      )
      const offboard = await service.createPlan(
        h.workspace.id,
        { person: 'a1@acme.com', offboard: true },
        opts,
      )
      const sanaStep = offboard.operations.find((op) => op.appId === sanaId)
      assert.equal(sanaStep?.kind, 'deactivate')
      assert.equal(sanaStep?.capability, 'deactivate_account')
      assert.deepEqual(offboard.scope, { personId: sanaStep?.personId, offboard: true })
      assert.equal(
        offboard.status,
        'ready',
        'one person: the safety thresholds speak of whole apps',
      )
      await assert.rejects(
        service.createPlan(h.workspace.id, { offboard: true }, opts),
        /needs a person/,
      )
      await assert.rejects(
        service.createPlan(h.workspace.id, { person: 'nobody@acme.com' }, opts),
        /No person/,
      )
      // The preview is hypothetical: it stores no findings.
      const residual = await service.findings(h.workspace.id, { kind: 'residual', appId: sanaId })
      assert.ok(residual.findings.every((f) => f.personEmail !== 'a1@acme.com'))
    })
  })

  describe('a source that suddenly returns nobody (last: it empties the workspace)', () => {
    it('holds the removals and says the source returned 0 people', async () => {
      const appId = await sanaApp(['a1', 'a2'], { assignment: { all: true } })
      const service = reconcileWith(h.services)
      await service.reconcile(h.workspace.id, { appId }, opts)
      await h.setPeople([], { acceptGone: true })
      const plan = await service.createPlan(h.workspace.id, { appId }, opts)
      assert.equal(plan.status, 'held')
      assert.equal(plan.held.length, 2)
      const reason = plan.held[0]?.reason ?? ''
      assert.match(reason, /its assignment selects nobody now/)
      assert.match(
        reason,
        /returned 0 people in its latest sync \(succeeded\); the sync before had 6/,
      )
      assert.match(reason, /The rule selects 0 people now; the last reconcile selected 6/)
    })
  })
})
