import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, it } from 'node:test'
import { createsTasks } from '../../src/integrations/connectors/index.js'
import { fixedClock } from '../../src/shared/clock.js'
import { unwrap } from '../../src/shared/result.js'
import { eachDialect, type TestStore } from '../helpers/dialects.js'
import { type Hub, hubApi, startHub } from '../helpers/hub.js'

const SYSTEM = { type: 'system', id: null } as const
const HOUR = 3_600_000

/**
 * A Samepage offboarding from end to end, on the clock: the leaver's task is due by the app's
 * SLA, reminded once before and once after the due time, marked done, and verified only when
 * an uploaded user export shows the account deactivated; the residual-access window runs from
 * the person leaving to that verification.
 */
eachDialect('tasks lifecycle', (database) => {
  const clock = fixedClock('2026-11-25T09:00:00.000Z')
  let store: TestStore
  let hub: Hub
  before(async () => {
    store = await database.open()
    hub = await startHub(store, { clock })
  })
  after(async () => {
    await hub.close()
    await store.close()
  })

  it('dues, reminds, verifies by import and records the residual window of a manual app', async () => {
    const services = hub.server.services
    const workspace = await services.workspaces.create({ slug: 'acme', plan: 'enterprise' }, SYSTEM)
    const ws = workspace.id
    const { token } = await services.apiTokens.create(
      { workspaceId: ws, scopes: ['integrations:read', 'integrations:manage'] },
      SYSTEM,
    )
    const api = hubApi(hub, token)
    const peopleFile = path.join(services.config.dataDir, 'people.csv')
    const setPeople = async (bobActive: boolean) => {
      writeFileSync(
        peopleFile,
        `email,first name,last name,active\nalice@acme.com,Alice,A,true\nbob@acme.com,Bob,B,${bobActive}\n`,
      )
      const [report] = await services.sync.syncWorkspace(ws, {
        trigger: 'cli',
        actor: SYSTEM,
        mode: 'full',
      })
      assert.equal(report?.status, 'succeeded')
    }
    writeFileSync(peopleFile, 'email\n')
    await services.sources.add(ws, 'csv', { file: peopleFile, key: 'emails' }, SYSTEM)
    await setPeople(true)
    const app = await services.apps.connect(
      ws,
      {
        catalogId: 'samepage',
        name: 'Samepage',
        owner: 'owner@acme.com',
        assignment: { all: true },
        policy: { tasks: { revokeWithinHours: 8, grantWithinHours: 48, remindBeforeHours: 2 } },
      },
      SYSTEM,
    )
    const upload = async (bobStatus: string) => {
      await services.accountImports.importCsv(
        ws,
        app.id,
        {
          text: `email,name,status\nalice@acme.com,Alice,active\nbob@acme.com,Bob,${bobStatus}\n`,
          fileName: 'members.csv',
        },
        SYSTEM,
      )
    }
    const refresh = async () => {
      const report = await services.graph.refreshApp(ws, app.id, { trigger: 'cli', actor: SYSTEM })
      assert.equal(report.status, 'succeeded')
    }
    const residual = async () => {
      await services.reconcile.reconcile(ws, { appId: app.id }, { trigger: 'cli', actor: SYSTEM })
      return (await services.reconcile.findings(ws, { kind: 'residual' })).findings ?? []
    }
    await upload('active')
    await refresh()
    const work = services.lifecycleWork

    // 10:00 Bob leaves; the plan turns his Samepage account into a task for the owner.
    clock.set('2026-11-25T10:00:00.000Z')
    await setPeople(false)
    assert.equal((await work.runLifecycle()).departures, 1)
    const plan = await services.reconcile.createPlan(
      ws,
      { appId: app.id },
      { trigger: 'cli', actor: SYSTEM },
    )
    const step = plan.operations.find((op) => op.personEmail === 'bob@acme.com')
    assert.ok(step && step.payload.kind === 'task')
    assert.equal(step.payload.action, 'deactivate_account')
    const connector = unwrap(await services.apps.connector(ws, app.id))
    assert.ok(createsTasks(connector))
    const { taskId } = unwrap(
      await connector.createTask(
        { ...step.payload, assignee: '' },
        { idempotencyKey: step.idempotencyKey },
      ),
    )
    const task = (await api('GET', `/api/tasks/${taskId}`)).body
    assert.equal(task.action, 'deactivate_account')
    assert.equal(task.assignee, 'owner@acme.com')
    assert.match(
      task.details.instructions,
      /^Deactivate the account of .*bob@acme.com.* in Samepage\./,
    )
    assert.equal(task.dueAt, '2026-11-25T18:00:00.000Z', 'due by the app’s SLA (8 hours)')

    // Reminders: none yet; one when due approaches; one when overdue; never repeated.
    assert.equal((await work.runLifecycle()).reminders, 0)
    clock.set('2026-11-25T16:30:00.000Z')
    assert.equal((await work.runLifecycle()).reminders, 1)
    assert.equal((await work.runLifecycle()).reminders, 0)
    clock.set('2026-11-25T18:30:00.000Z')
    assert.equal((await work.runLifecycle()).reminders, 1)
    clock.advance(24 * HOUR)
    assert.equal((await work.runLifecycle()).reminders, 0)
    clock.set('2026-11-25T19:00:00.000Z')
    const reminded = (await api('GET', `/api/tasks/${taskId}`)).body.reminders
    assert.deepEqual(reminded, {
      dueSoonAt: '2026-11-25T16:30:00.000Z',
      overdueAt: '2026-11-25T18:30:00.000Z',
    })
    const overdue = (await api('GET', '/api/tasks?overdue=true')).body.tasks
    assert.deepEqual(
      overdue.map((t: { id: string }) => t.id),
      [taskId],
    )

    // 19:00 The owner says it is done; nothing shows it yet, so the finding stays open.
    const done = await api('POST', `/api/tasks/${taskId}/complete`, {
      evidence: 'Removed in Members',
    })
    assert.equal(done.body.status, 'done')
    await refresh()
    assert.equal((await work.runLifecycle()).verified, 0)
    assert.equal((await api('GET', `/api/tasks/${taskId}`)).body.status, 'done')
    assert.deepEqual(
      (await residual()).map((f) => f.personEmail),
      ['bob@acme.com'],
      'the residual finding stays open until an import shows the change',
    )
    const open = (await api('GET', `/api/residual-windows?app=${app.id}&status=open`)).body
    assert.deepEqual(
      open.windows.map((w: any) => [w.personEmail, w.leftAt, w.closedAt, w.seconds]),
      [['bob@acme.com', '2026-11-25T10:00:00.000Z', null, 9 * 3600]],
    )

    // 20:00 The next export shows Bob deactivated: verified, and the window closes.
    clock.set('2026-11-25T20:00:00.000Z')
    await upload('deactivated')
    await refresh()
    const round = await work.runLifecycle()
    assert.equal(round.verified, 1)
    assert.equal(round.windows, 1)
    const verified = (await api('GET', `/api/tasks/${taskId}`)).body
    assert.equal(verified.status, 'verified')
    assert.equal(verified.verifiedBy, 'import')
    assert.deepEqual(await residual(), [])
    const report = (await api('GET', '/api/residual-windows')).body
    assert.deepEqual(
      report.windows.map((w: any) => [
        w.appId,
        w.personEmail,
        w.leftAt,
        w.closedAt,
        w.seconds,
        w.evidence,
        w.taskId,
      ]),
      [
        [
          app.id,
          'bob@acme.com',
          '2026-11-25T10:00:00.000Z',
          '2026-11-25T20:00:00.000Z',
          36_000,
          'import',
          taskId,
        ],
      ],
    )
    assert.deepEqual(report.summary, [
      {
        appId: app.id,
        closed: 1,
        open: 0,
        averageSeconds: 36_000,
        p95Seconds: 36_000,
        maxSeconds: 36_000,
        longestOpenSeconds: null,
      },
    ])
    assert.equal((await work.runLifecycle()).windows, 0, 'a window is recorded once')
    const types = (await api('GET', '/api/events?type=task.*')).body.events.map((e: any) => e.type)
    assert.deepEqual(types, [
      'task.opened',
      'task.reminder_due_soon',
      'task.overdue',
      'task.completed',
      'task.verified',
    ])
    assert.equal((await api('GET', '/api/residual-windows?status=maybe')).status, 400)
  })
})
