import { sql } from 'kysely'
import type { Actor } from '../../platform/audit/index.js'
import { type Db, decodeJson, type Row } from '../../platform/store/index.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { PositionRange } from './holds-store.js'
import type { PlanMovers } from './movers.js'
import { planStatusOf } from './plan-status.js'
import type {
  Operation,
  OperationDraft,
  OperationKind,
  OperationPayload,
  OperationStatus,
  PlanSummary,
  Scope,
} from './types.js'

const BATCH = 250

/** Kysely queries for plans and their operations; every one scoped to a workspace. */
export function planStore(db: Db) {
  return {
    async create(plan: {
      id: string
      workspaceId: string
      runId: string
      scope: Scope
      createdBy: Actor
      now: string
    }): Promise<void> {
      await db
        .insertInto('plans')
        .values({
          id: plan.id,
          workspace_id: plan.workspaceId,
          run_id: plan.runId,
          scope: JSON.stringify(plan.scope),
          // Not visible as a plan until the last chunk is written and the safety rule applied.
          status: 'building',
          counts: JSON.stringify({}),
          created_by: JSON.stringify(plan.createdBy),
          created_at: plan.now,
          updated_at: plan.now,
        })
        .execute()
    },

    /** Appends operations at `position` onward; policy approvals start held. */
    async insertOperations(
      trx: Db,
      ids: IdGenerator,
      plan: { id: string; workspaceId: string },
      drafts: readonly OperationDraft[],
      position: number,
    ): Promise<void> {
      const rows = drafts.map((d, i) => ({
        id: ids.next(),
        plan_id: plan.id,
        workspace_id: plan.workspaceId,
        position: position + i,
        app_id: d.appId,
        kind: d.kind,
        capability: d.capability,
        finding_kind: d.findingKind,
        person_id: d.personId,
        person_email: d.personEmail,
        account_id: d.accountId,
        remote_id: d.remoteId,
        payload: JSON.stringify(d.payload),
        idempotency_key: d.idempotencyKey,
        status: d.needsApproval ? 'held' : 'planned',
        hold_reason: d.needsApproval ?? null,
        decided_by: null,
        decided_at: null,
      }))
      for (let i = 0; i < rows.length; i += BATCH)
        await trx
          .insertInto('plan_operations')
          .values(rows.slice(i, i + BATCH))
          .execute()
    },

    /** Dates the held operations of a new plan (one range of positions) that have no expiry. */
    async dateExpiry(
      trx: Db,
      planId: string,
      expiresAt: string,
      range: PositionRange,
    ): Promise<void> {
      await trx
        .updateTable('plan_operations')
        .set({ expires_at: expiresAt })
        .where('plan_id', '=', planId)
        .where('position', '>=', range.from)
        .where('position', '<', range.to)
        .where('status', '=', 'held')
        .where('expires_at', 'is', null)
        .execute()
    },

    /**
     * Counts by kind and status, and the status they give (plan-status.ts): `held` while any
     * operation waits and nothing was applied, and so on. (A new plan's held operations were
     * dated by `dateExpiry`, in batches, before this.)
     */
    finalize: refreshPlanStatus,

    async remove(planId: string): Promise<void> {
      await db.deleteFrom('plans').where('id', '=', planId).execute()
    },

    async find(workspaceId: string, planId: string): Promise<Row<'plans'> | undefined> {
      return db
        .selectFrom('plans')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', planId)
        .executeTakeFirst()
    },

    async operations(
      planId: string,
      page: { after?: number; limit?: number; status?: OperationStatus } = {},
    ): Promise<Operation[]> {
      const rows = await db
        .selectFrom('plan_operations')
        .selectAll()
        .where('plan_id', '=', planId)
        .$if(page.status !== undefined, (q) => q.where('status', '=', page.status ?? ''))
        .where('position', '>', page.after ?? -1)
        .orderBy('position')
        .$if(page.limit !== undefined, (q) => q.limit(page.limit ?? 0))
        .execute()
      return rows.map(toOperation)
    },

    /**
     * The held operations' ids and reasons only, in plan order: a plan view lists every held
     * item, and a 1M-people plan can hold 270,000 removals (whole operations would be ~1 GB).
     */
    async held(planId: string): Promise<Array<{ operationId: string; reason: string }>> {
      const rows = await db
        .selectFrom('plan_operations')
        .select(['id', 'hold_reason'])
        .where('plan_id', '=', planId)
        .where('status', '=', 'held')
        .orderBy('position')
        .execute()
      // One app's removals share one reason: keep one copy of it, not one per operation.
      const reasons = new Map<string, string>()
      return rows.map((row) => {
        const reason = row.hold_reason ?? ''
        if (!reasons.has(reason)) reasons.set(reason, reason)
        return { operationId: row.id, reason: reasons.get(reason) ?? reason }
      })
    },

    /** Sets held operations (one, or all) to approved or rejected; returns those it changed. */
    async decide(
      trx: Db,
      decision: {
        planId: string
        operationId?: string
        status: 'approved' | 'rejected'
        reason?: string
        /** Only operations of these apps (an app owner decides for their own apps). */
        appIds?: readonly string[]
        /** Only operations held for exactly this reason (a departure burst's, issue 13). */
        holdReason?: string
      },
      actor: Actor,
      now: string,
    ): Promise<Array<{ id: string; app_id: string; kind: string }>> {
      const { appIds } = decision
      return trx
        .updateTable('plan_operations')
        .set({
          status: decision.status,
          decided_by: JSON.stringify(actor),
          decided_at: now,
          decision_reason: decision.reason ?? null,
        })
        .where('plan_id', '=', decision.planId)
        .where('status', '=', 'held')
        .$if(decision.operationId !== undefined, (q) =>
          q.where('id', '=', decision.operationId ?? ''),
        )
        .$if(appIds !== undefined, (q) =>
          appIds && appIds.length > 0
            ? q.where('app_id', 'in', appIds)
            : q.where(sql<boolean>`1 = 0`),
        )
        .$if(decision.holdReason !== undefined, (q) =>
          q.where('hold_reason', '=', decision.holdReason ?? ''),
        )
        .returning(['id', 'app_id', 'kind'])
        .execute()
    },
  }
}

export type PlanStore = ReturnType<typeof planStore>

/**
 * Records what a plan could not plan, in words, and its movers (issue 15), shown with the plan.
 * Stored as `{ notes, movers, moversTotal }` (plans made before movers stored the notes alone).
 */
export async function notePlan(
  db: Db,
  planId: string,
  notes: readonly string[],
  movers: PlanMovers = { movers: [], total: 0 },
): Promise<void> {
  if (notes.length === 0 && movers.total === 0) return
  await db
    .updateTable('plans')
    .set({
      notes: JSON.stringify({ notes, movers: movers.movers, moversTotal: movers.total }),
    })
    .where('id', '=', planId)
    .execute()
}

/**
 * Recounts a plan's operations and stores the counts and the status they give. Reconcile calls
 * it when a plan is made and on every decision; apply when it queued a plan's operations and
 * when they are settled, so the list of plans tells the truth without counting on every read.
 */
export async function refreshPlanStatus(trx: Db, planId: string, now: string) {
  const counts = await countsOf(trx, planId)
  const status = planStatusOf(counts)
  await trx
    .updateTable('plans')
    .set({ status, counts: JSON.stringify(counts), updated_at: now })
    .where('id', '=', planId)
    .execute()
  return { status, counts } as const
}

/** Counts by kind and by status of one plan's operations, zeros included. */
export async function countsOf(trx: Db, planId: string): Promise<PlanSummary['counts']> {
  const rows = await trx
    .selectFrom('plan_operations')
    .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('plan_id', '=', planId)
    .groupBy(['kind', 'status'])
    .execute()
  const counts: Record<string, number> = {
    create: 0,
    update: 0,
    deactivate: 0,
    reactivate: 0,
    delete: 0,
    task: 0,
    add_grant: 0,
    remove_grant: 0,
    planned: 0,
    held: 0,
    approved: 0,
    rejected: 0,
    expired: 0,
    running: 0,
    applied: 0,
    failed: 0,
    skipped: 0,
  }
  for (const row of rows) {
    counts[row.kind] = (counts[row.kind] ?? 0) + Number(row.n)
    counts[row.status] = (counts[row.status] ?? 0) + Number(row.n)
  }
  return counts as PlanSummary['counts']
}

export function toOperation(row: Row<'plan_operations'>): Operation {
  return {
    id: row.id,
    planId: row.plan_id,
    position: row.position,
    appId: row.app_id,
    kind: row.kind as OperationKind,
    capability: row.capability as Operation['capability'],
    findingKind: row.finding_kind as Operation['findingKind'],
    personId: row.person_id,
    personEmail: row.person_email,
    accountId: row.account_id,
    remoteId: row.remote_id,
    payload: decodeJson<OperationPayload>(row.payload),
    idempotencyKey: row.idempotency_key,
    status: row.status as OperationStatus,
    holdReason: row.hold_reason,
    decidedBy: row.decided_by === null ? null : decodeJson<Actor>(row.decided_by),
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
    expiresAt: row.expires_at,
  }
}
