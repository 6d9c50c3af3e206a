import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { approvalReason } from '../../src/access/reconcile/index.js'
import { fixedClock } from '../../src/shared/clock.js'
import { eachDialect, type TestStore } from '../helpers/dialects.js'
import { type Hub, hubApi, startHub } from '../helpers/hub.js'
import { Browser } from '../helpers/oauth.js'

const SYSTEM = { type: 'system', id: null } as const

/**
 * Approvals over HTTP: a privileged app's grants and an app's deletions wait; a member who owns
 * the app decides on its operations only, a plain member is refused, admins decide on all; every
 * decision carries a reason into the audit trail; an undecided operation expires.
 */
eachDialect('approvals', (database) => {
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

  async function setUp(slug: string) {
    const services = hub.server.services
    const workspace = await services.workspaces.create({ slug, plan: 'enterprise' }, SYSTEM)
    const ws = workspace.id
    const admin = await services.apiTokens.create(
      { workspaceId: ws, scopes: ['integrations:read', 'integrations:manage', 'audit:read'] },
      SYSTEM,
    )
    const people = path.join(services.config.dataDir, `${slug}.csv`)
    writeFileSync(
      people,
      'email,first name,active\nalice@acme.com,Alice,true\nbob@acme.com,Bob,false\n',
    )
    await services.sources.add(ws, 'csv', { file: people, key: 'emails' }, SYSTEM)
    await services.sync.syncWorkspace(ws, { trigger: 'cli', actor: SYSTEM, mode: 'full' })
    const connect = (name: string, owner: string, policy: Record<string, unknown>) =>
      services.apps.connect(
        ws,
        { catalogId: 'samepage', name, owner, assignment: { all: true }, policy },
        SYSTEM,
      )
    const vault = await connect('Vault', 'owner@acme.com', { privileged: true })
    const wiki = await connect('Wiki', 'wiki-owner@acme.com', { deprovision: 'delete' })
    await services.accountImports.importCsv(
      ws,
      wiki.id,
      { text: 'email,status\nbob@acme.com,active\n', fileName: 'wiki.csv' },
      SYSTEM,
    )
    await services.graph.refreshWorkspace(ws, { trigger: 'cli', actor: SYSTEM })
    const member = async (email: string, role: 'admin' | 'member') => {
      const password = `correct horse battery ${role}`
      const created = await services.members.create(
        { workspaceId: ws, email, role, password },
        SYSTEM,
      )
      const browser = new Browser(hub.url)
      assert.equal((await browser.signIn({ email, password, workspace: slug })).status, 200)
      return { ...created, browser }
    }
    return {
      ws,
      vault,
      wiki,
      api: hubApi(hub, admin.token),
      owner: await member('owner@acme.com', 'member'),
      plain: await member('someone@acme.com', 'member'),
    }
  }

  it('holds by policy, lets owners and admins decide with a reason, refuses members', async () => {
    const { api, vault, wiki, owner, plain } = await setUp('acme')
    const plan = (await api('POST', '/api/plans', {})).body
    const heldOps = plan.operations.filter((op: any) => op.status === 'held')
    const vaultGrant = heldOps.find((op: any) => op.appId === vault.id)
    const wikiDelete = heldOps.find((op: any) => op.appId === wiki.id)
    assert.equal(heldOps.length, 2)
    assert.equal(vaultGrant.payload.action, 'create_account')
    assert.match(vaultGrant.holdReason, /Vault is a privileged app/)
    assert.equal(wikiDelete.payload.action, 'delete_account')
    assert.match(wikiDelete.holdReason, /Wiki's policy: delete operations wait for approval/)
    assert.ok(
      plan.operations.some((op: any) => op.appId === wiki.id && op.status === 'planned'),
      'a grant on an ordinary app goes ahead',
    )
    assert.equal(heldOps[0].expiresAt, '2026-11-28T09:00:00.000Z')
    const item = (op: any, decision: string) => `/api/plans/${plan.id}/items/${op.id}/${decision}`

    const refused = await plain.browser.json('POST', item(vaultGrant, 'approve'), { reason: 'ok' })
    assert.equal(refused.status, 403)
    assert.equal(((await refused.json()) as any).error.code, 'PLAN_APPROVAL_FORBIDDEN')
    const notTheirs = await owner.browser.json('POST', item(wikiDelete, 'approve'), {
      reason: 'ok',
    })
    assert.equal(notTheirs.status, 403, 'an owner decides for their own app only')
    const noReason = await owner.browser.json('POST', item(vaultGrant, 'approve'), {})
    assert.equal(noReason.status, 422)
    const approved = await owner.browser.json('POST', item(vaultGrant, 'approve'), {
      reason: 'Alice runs the vault rotation',
    })
    assert.equal(approved.status, 200)
    const afterOwner = (await approved.json()) as any
    const decided = afterOwner.operations.find((op: any) => op.id === vaultGrant.id)
    assert.equal(decided.status, 'approved')
    assert.equal(decided.decisionReason, 'Alice runs the vault rotation')
    assert.deepEqual(decided.decidedBy, { type: 'user', id: owner.id })
    assert.equal(
      (await plain.browser.json('POST', `/api/plans/${plan.id}/reject`, { reason: 'no' })).status,
      403,
    )

    const rejected = await api('POST', `/api/plans/${plan.id}/reject`, {
      reason: 'Bob’s pages are kept',
    })
    assert.equal(rejected.status, 200)
    assert.equal(rejected.body.status, 'ready')
    assert.equal(
      rejected.body.operations.find((op: any) => op.id === wikiDelete.id).status,
      'rejected',
    )
    assert.equal((await api('POST', item(wikiDelete, 'approve'), { reason: 'late' })).status, 409)

    const trail = (await api('GET', `/api/audit?targetId=${plan.id}`)).body.entries
    const decisions = trail
      .filter((e: any) => e.action.startsWith('plan.operations_'))
      .map((e: any) => [e.action, e.actor.type, e.after.reason])
      .sort()
    assert.deepEqual(decisions, [
      ['plan.operations_approved', 'user', 'Alice runs the vault rotation'],
      ['plan.operations_rejected', 'api_token', 'Bob’s pages are kept'],
    ])
    const events = (await api('GET', '/api/events?type=operation.*')).body.events
    assert.deepEqual(
      events.map((e: any) => [e.type, e.subject.id]),
      [
        ['operation.approved', vaultGrant.id],
        ['operation.rejected', wikiDelete.id],
      ],
    )
  })

  it('expires an operation nobody decided on', async () => {
    const { api } = await setUp('expiry')
    const plan = (await api('POST', '/api/plans', {})).body
    const held = plan.operations.filter((op: any) => op.status === 'held')
    assert.ok(held.length > 0)
    clock.advance(71 * 3_600_000)
    assert.equal((await hub.server.services.lifecycleWork.runLifecycle()).expired, 0)
    clock.advance(2 * 3_600_000)
    assert.ok((await hub.server.services.lifecycleWork.runLifecycle()).expired >= held.length)
    const after = (await api('GET', `/api/plans/${plan.id}`)).body
    assert.equal(after.status, 'ready')
    assert.deepEqual(after.held, [])
    for (const op of held)
      assert.equal(after.operations.find((o: any) => o.id === op.id).status, 'expired')
    assert.equal(after.counts.expired, held.length)
    const late = await api('POST', `/api/plans/${plan.id}/items/${held[0].id}/approve`, {
      reason: 'x',
    })
    assert.equal(late.status, 409)
  })
})

describe('approval policy', () => {
  const rules = (policy: Record<string, unknown>) => ({
    app: { id: 'a', name: 'GitHub', catalogId: 'github-enterprise', owner: null },
    policy: { approve: ['delete'], privileged: false, privilegedGroups: [], ...policy } as any,
  })
  const account = (attributes: Record<string, unknown>) => ({
    kind: 'create' as const,
    account: { userName: 'alice', emails: [], attributes },
  })

  it('holds deletions, privileged apps’ grants, and grants into privileged groups', () => {
    assert.match(approvalReason(rules({}), 'delete', { kind: 'delete' }) ?? '', /delete operations/)
    assert.equal(approvalReason(rules({}), 'deactivate', { kind: 'deactivate' }), undefined)
    assert.equal(approvalReason(rules({}), 'create', account({ role: 'Owners' })), undefined)
    assert.match(
      approvalReason(rules({ privileged: true }), 'create', account({})) ?? '',
      /privileged app/,
    )
    assert.equal(
      approvalReason(rules({ privileged: true }), 'deactivate', { kind: 'deactivate' }),
      undefined,
    )
    const groups = rules({ privilegedGroups: ['Owners', 'Billing'] })
    assert.match(
      approvalReason(groups, 'create', account({ teams: [{ value: 'owners' }, 'dev'] })) ?? '',
      /privileged group Owners/,
    )
    assert.equal(approvalReason(groups, 'create', account({ teams: ['dev'] })), undefined)
    assert.match(
      approvalReason(groups, 'update', {
        kind: 'update',
        changes: { attributes: { role: 'billing' } },
      }) ?? '',
      /Billing/,
    )
    const task = {
      kind: 'task' as const,
      action: 'delete_account' as const,
      appName: 'Samepage',
      person: { email: 'bob@acme.com' },
      instructions: 'Delete',
    }
    assert.match(
      approvalReason(rules({}), 'task', task) ?? '',
      /delete operations/,
      'a deletion by task too',
    )
  })
})
