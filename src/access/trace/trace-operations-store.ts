import { sql } from 'kysely'
import { type Db, decodeJson } from '../../platform/store/index.js'
import type { SourceWindow } from './trace-merge.js'
import type { TraceDraft } from './trace-types.js'
import { windowWhere } from './trace-window.js'
import {
  deadLetterWords,
  decidedWords,
  operationVerb,
  plannedWords,
  responseOf,
  settledWords,
  verifiedWords,
} from './trace-words.js'

/**
 * Trace entries out of a person's plan operations (access/reconcile's `plan_operations` and
 * `plans`, apply's dead letters in `job_dead_letters`, graph's `graph_snapshots`; all read only
 * here). One query per timestamp of an operation's life (planned, decided, settled, verified),
 * so each is one source the page merge can cap.
 */

export type OperationScope = {
  readonly workspaceId: string
  readonly personId: string
}

function operations(db: Db, scope: OperationScope, window: SourceWindow) {
  let query = db
    .selectFrom('plan_operations as o')
    .innerJoin('plans as p', 'p.id', 'o.plan_id')
    .select([
      'o.id',
      'o.plan_id',
      'o.app_id',
      'o.kind',
      'o.payload',
      'o.status',
      'o.hold_reason',
      'o.decided_by',
      'o.decided_at',
      'o.decision_reason',
      'o.attempts',
      'o.result',
      'o.error',
      'o.finished_at',
      'o.account_id',
      'p.run_id',
      'p.created_at',
    ])
    .where('o.workspace_id', '=', scope.workspaceId)
    .where('o.person_id', '=', scope.personId)
  if (window.appId) query = query.where('o.app_id', '=', window.appId)
  return query
}

type OperationRow = Awaited<ReturnType<ReturnType<typeof operations>['execute']>>[number]

function idsOf(row: OperationRow, personId: string) {
  return {
    personId,
    planId: row.plan_id,
    runId: row.run_id,
    operationId: row.id,
    ...(row.account_id ? { accountId: row.account_id } : {}),
  }
}

function verbOf(row: OperationRow): string {
  return operationVerb(row.kind, decodeJson<Record<string, unknown>>(row.payload) ?? {})
}

/** Each operation when its plan was made: planned, or held for approval (and why). */
export async function plannedDrafts(db: Db, scope: OperationScope, window: SourceWindow) {
  const rows = await operations(db, scope, window)
    .where(windowWhere('p.created_at', window))
    .orderBy('p.created_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(window.limit)
    .execute()
  return rows.map(
    (row): TraceDraft => ({
      key: `planned:${row.id}`,
      at: row.created_at,
      kind: 'operation',
      appId: row.app_id,
      words: plannedWords(verbOf(row), row.status, row.hold_reason),
      status: row.hold_reason ? 'held' : 'planned',
      ids: idsOf(row, scope.personId),
      detail: { operationKind: row.kind, currentStatus: row.status },
    }),
  )
}

/** Approvals, rejections and expiries of held operations. */
export async function decidedDrafts(db: Db, scope: OperationScope, window: SourceWindow) {
  const rows = await operations(db, scope, window)
    .where(windowWhere('o.decided_at', window))
    .orderBy('o.decided_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(window.limit)
    .execute()
  return rows.map((row): TraceDraft => {
    const decided = ['rejected', 'expired'].includes(row.status) ? row.status : 'approved'
    const actor = row.decided_by === null ? null : decodeJson<{ type: string }>(row.decided_by)
    return {
      key: `decided:${row.id}`,
      at: row.decided_at ?? row.created_at,
      kind: 'operation',
      appId: row.app_id,
      words: decidedWords(verbOf(row), decided, actor, row.decision_reason),
      status: decided,
      ids: idsOf(row, scope.personId),
      detail: { operationKind: row.kind, decidedBy: actor, reason: row.decision_reason },
    }
  })
}

/** What apply did: applied, skipped or failed, with attempts and the app's answer. */
export async function settledDrafts(db: Db, scope: OperationScope, window: SourceWindow) {
  const rows = await operations(db, scope, window)
    .where(windowWhere('o.finished_at', window))
    .where('o.status', 'in', ['applied', 'failed', 'skipped'])
    .orderBy('o.finished_at', 'desc')
    .orderBy('o.id', 'desc')
    .limit(window.limit)
    .execute()
  return rows.map((row): TraceDraft => {
    const result = row.result === null ? null : decodeJson(row.result)
    const error = row.error === null ? null : decodeJson(row.error)
    const response = responseOf(result, error, row.status)
    return {
      key: `settled:${row.id}`,
      at: row.finished_at ?? row.created_at,
      kind: 'operation',
      appId: row.app_id,
      words: settledWords(verbOf(row), row.status, response, row.attempts),
      status: row.status,
      response,
      attempts: row.attempts,
      ids: idsOf(row, scope.personId),
      detail: { operationKind: row.kind, result, error },
    }
  })
}

/** Jobs of the person's operations that ran out of attempts (the queue's dead letters). */
export async function deadLetterDrafts(db: Db, scope: OperationScope, window: SourceWindow) {
  const rows = await operations(db, scope, window)
    .innerJoin('job_dead_letters as d', 'd.key', 'o.idempotency_key')
    .select(['d.reason', 'd.error as dead_error', 'd.attempts as dead_attempts', 'd.at'])
    .where(windowWhere('d.at', window))
    .orderBy('d.at', 'desc')
    .limit(window.limit)
    .execute()
  return rows.map((row): TraceDraft => {
    const error = row.dead_error === null ? null : decodeJson(row.dead_error)
    return {
      key: `dead:${row.id}:${row.at}`,
      at: row.at,
      kind: 'operation',
      appId: row.app_id,
      words: deadLetterWords(row.reason, row.dead_attempts),
      status: 'dead',
      response: responseOf(null, error, 'failed'),
      attempts: row.dead_attempts,
      ids: idsOf(row, scope.personId),
      detail: { operationKind: row.kind, reason: row.reason, error },
    }
  })
}

/**
 * The first successful refresh of the app that started after an applied operation finished:
 * apply refreshes an app once its operations are done, so that refresh is the one that read the
 * change back from the app.
 */
const VERIFIED_AT = sql<string | null>`(select min(s.finished_at) from graph_snapshots s
  where s.workspace_id = o.workspace_id and s.app_id = o.app_id and s.status = 'succeeded'
  and s.started_at >= o.finished_at)`

export async function verifiedDrafts(db: Db, scope: OperationScope, window: SourceWindow) {
  const rows = await db
    .selectFrom(
      operations(db, scope, window)
        .where('o.status', '=', 'applied')
        .where('o.kind', '!=', 'task')
        .select(VERIFIED_AT.as('verified_at'))
        .as('v'),
    )
    .selectAll()
    .where(windowWhere('v.verified_at', window))
    .orderBy('v.verified_at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(window.limit)
    .execute()
  return rows.map(
    (row): TraceDraft => ({
      key: `verified:${row.id}`,
      at: row.verified_at ?? row.created_at,
      kind: 'verification',
      appId: row.app_id,
      words: verifiedWords(verbOf(row), 'refresh'),
      status: 'verified',
      ids: idsOf(row, scope.personId),
      detail: { operationKind: row.kind },
    }),
  )
}

/** The accounts the person holds or held (linked now, or named by one of their operations). */
export async function accountIdsOf(db: Db, scope: OperationScope): Promise<string[]> {
  const [linked, operated] = await Promise.all([
    db
      .selectFrom('accounts')
      .select('id')
      .where('workspace_id', '=', scope.workspaceId)
      .where('person_id', '=', scope.personId)
      .execute(),
    db
      .selectFrom('plan_operations')
      .select('account_id')
      .distinct()
      .where('workspace_id', '=', scope.workspaceId)
      .where('person_id', '=', scope.personId)
      .where('account_id', 'is not', null)
      .execute(),
  ])
  return [...new Set([...linked.map((r) => r.id), ...operated.flatMap((r) => r.account_id ?? [])])]
}
