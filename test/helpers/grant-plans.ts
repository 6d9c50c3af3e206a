import { setTimeout as delay } from 'node:timers/promises'
import type { ApplyProgress } from '../../src/access/apply/index.js'
import { refreshPlanStatus } from '../../src/access/reconcile/index.js'
import { planStore } from '../../src/access/reconcile/plan-store.js'
import { runsStore } from '../../src/access/reconcile/runs-store.js'
import type { OperationDraft, OperationPayload } from '../../src/access/reconcile/types.js'
import { DEFAULT_RETRY_POLICY } from '../../src/platform/jobs/index.js'
import { uuidGenerator } from '../../src/shared/ids.js'
import { FAST_JOBS } from './apply.js'
import { type LifecycleHarness, SYSTEM } from './lifecycle.js'

/**
 * Plans of grant operations written straight into the store, as the planner would write them
 * (issue 15: apply is built and tested before, and apart from, the grant planner).
 */

export type GrantTarget = Extract<
  OperationPayload,
  { kind: 'add_grant' | 'remove_grant' }
>['entitlement']

export type GraphAccount = {
  readonly id: string
  readonly remoteId: string
  readonly userName: string
  readonly personId: string | null
}

/** The app's live accounts in the graph, by user name (lower case). */
export async function accountsOf(h: PlanHome, appId: string): Promise<Map<string, GraphAccount>> {
  const rows = await h.store.db
    .selectFrom('accounts')
    .select(['id', 'remote_id', 'user_name', 'person_id'])
    .where('app_id', '=', appId)
    .where('removed_at', 'is', null)
    .execute()
  return new Map(
    rows.map((r) => [
      r.user_name.toLowerCase(),
      { id: r.id, remoteId: r.remote_id, userName: r.user_name, personId: r.person_id },
    ]),
  )
}

/** The app's live entitlements in the graph, as a plan names them, by display name. */
export async function entitlementsOf(
  h: PlanHome,
  appId: string,
): Promise<Map<string, GrantTarget>> {
  const rows = await h.store.db
    .selectFrom('entitlements')
    .select(['id', 'remote_id', 'display_name', 'kind', 'privileged'])
    .where('app_id', '=', appId)
    .where('removed_at', 'is', null)
    .execute()
  return new Map(
    rows.map((r) => [
      r.display_name,
      {
        entitlementId: r.id,
        remoteId: r.remote_id,
        displayName: r.display_name,
        kind: r.kind as GrantTarget['kind'],
        privileged: r.privileged === 1,
      },
    ]),
  )
}

/** One add_grant / remove_grant of an account that exists, keyed as a planner would key it. */
export function grantDraft(
  appId: string,
  kind: 'add_grant' | 'remove_grant',
  account: GraphAccount,
  entitlement: GrantTarget,
): OperationDraft {
  return {
    appId,
    kind,
    capability: 'manage_grants',
    findingKind: kind === 'add_grant' ? 'missing_grant' : 'excess_grant',
    personId: account.personId,
    personEmail: account.userName,
    accountId: account.id,
    remoteId: account.remoteId,
    payload: { kind, entitlement },
    idempotencyKey: `${kind}:${appId}:${account.id}:${entitlement.entitlementId}`,
  }
}

/** A create that brings its grants (added by the same job once the account exists). */
export function createDraft(
  appId: string,
  email: string,
  grants: readonly GrantTarget[],
): OperationDraft {
  const [given = 'Given'] = email.split('@')
  return {
    appId,
    kind: 'create',
    capability: 'create_account',
    findingKind: 'missing',
    personId: null,
    personEmail: email,
    accountId: null,
    remoteId: null,
    payload: {
      kind: 'create',
      account: {
        userName: email,
        emails: [{ value: email, primary: true }],
        name: { givenName: given, familyName: 'Tester' },
      },
      grants,
    },
    idempotencyKey: `create:${appId}:${email}`,
  }
}

/** A deactivation that takes the account's grants away first. */
export function deactivateDraft(
  appId: string,
  account: GraphAccount,
  grants: readonly GrantTarget[],
): OperationDraft {
  return {
    appId,
    kind: 'deactivate',
    capability: 'deactivate_account',
    findingKind: 'residual',
    personId: account.personId,
    personEmail: account.userName,
    accountId: account.id,
    remoteId: account.remoteId,
    payload: { kind: 'deactivate', grants },
    idempotencyKey: `deactivate:${appId}:${account.id}`,
  }
}

/** Where a plan is written: a harness's or a test server's store and workspace. */
export type PlanHome = {
  readonly store: Pick<LifecycleHarness['store'], 'db'>
  readonly workspace: { readonly id: string }
}

/** Writes a plan of these operations (a run, the plan, its operations, its counts). */
export async function insertPlan(h: PlanHome, drafts: readonly OperationDraft[]): Promise<string> {
  const now = new Date().toISOString()
  const runId = uuidGenerator.next()
  const planId = uuidGenerator.next()
  const scope = { appIds: [...new Set(drafts.map((d) => d.appId))] }
  const workspaceId = h.workspace.id
  await runsStore(h.store.db).start({ id: runId, workspaceId, scope, trigger: 'test', now })
  const plans = planStore(h.store.db)
  await plans.create({ id: planId, workspaceId, runId, scope, createdBy: SYSTEM, now })
  await plans.insertOperations(h.store.db, uuidGenerator, { id: planId, workspaceId }, drafts, 0)
  await refreshPlanStatus(h.store.db, planId, now)
  return planId
}

/**
 * The longest an apply may go without settling an operation (test/apply/apply.test.ts): a
 * retry at the policy's cap after a job's deadline. Reaching it means stuck, not slow.
 */
const QUIET_LIMIT_MS = DEFAULT_RETRY_POLICY.capMs + FAST_JOBS['jobs.leaseMs'] + 30_000

/**
 * Applies the plan with a worker of the test's own and waits on its progress; a stall throws,
 * with `describeStall`'s account of it when given (the jobs, the dead letters).
 */
export async function applyAndWait(
  h: LifecycleHarness,
  planId: string,
  describeStall: (progress: ApplyProgress) => Promise<string> = async (p) => JSON.stringify(p),
): Promise<ApplyProgress> {
  const worker = h.services.apply.createWorker(`test-${Math.random()}`)
  worker.start()
  try {
    await h.services.apply.apply(h.workspace.id, planId, { actor: SYSTEM })
    let last = ''
    let lastChange = performance.now()
    for (;;) {
      const progress = await h.services.apply.progress(h.workspace.id, planId)
      if (progress.status !== 'running') return progress
      const mark = `${progress.applied}/${progress.failed}/${progress.skipped}/${progress.pending}`
      if (mark !== last) {
        last = mark
        lastChange = performance.now()
      } else if (performance.now() - lastChange > QUIET_LIMIT_MS) {
        throw new Error(`apply made no progress: ${await describeStall(progress)}`)
      }
      await delay(50)
    }
  } finally {
    await worker.stop()
  }
}

/** Change lines that occur more than once: what "exactly once" forbids. */
export function repeated(lines: readonly string[]): string[] {
  const seen = new Set<string>()
  const twice = new Set<string>()
  for (const line of lines) (seen.has(line) ? twice : seen).add(line)
  return [...twice].sort()
}
