import type { EventLog, NewEvent } from '../../platform/events/index.js'
import { type Db, decodeJson } from '../../platform/store/index.js'
import { jsonEqual } from '../../shared/json.js'
import type { FindingDraft } from './types.js'

/** Values per IN list and rows per multi-row insert (well under SQLite's parameter limit). */
const BATCH = 400

/**
 * Which stored findings a chunk of reconciliation is the whole truth about: the people with ids
 * in (after, upTo] (upTo null: to the end) in the given apps, one person, or one app's
 * unlinked accounts with ids in (after, upTo].
 */
export type FindingRange =
  | {
      readonly kind: 'people'
      readonly appIds: readonly string[]
      readonly after: string
      readonly upTo: string | null
    }
  | { readonly kind: 'person'; readonly appIds: readonly string[]; readonly personId: string }
  | {
      readonly kind: 'accounts'
      readonly appId: string
      readonly after: string
      readonly upTo: string | null
    }

export type FindingsContext = {
  readonly workspaceId: string
  readonly runId: string
  readonly now: string
  readonly events: EventLog
}

type Stored = { app_id: string; subject_key: string; kind: string; evidence: unknown }

async function loadRange(trx: Db, workspaceId: string, range: FindingRange): Promise<Stored[]> {
  let query = trx
    .selectFrom('findings')
    .select(['app_id', 'subject_key', 'kind', 'evidence'])
    .where('workspace_id', '=', workspaceId)
  if (range.kind === 'accounts') {
    // Compared as ids, like the accounts query's order, whatever the database's collation.
    query = query
      .where('app_id', '=', range.appId)
      .where('person_id', 'is', null)
      .where('account_id', '>', range.after)
      .$if(range.upTo !== null, (q) => q.where('account_id', '<=', range.upTo ?? ''))
  } else if (range.appIds.length === 0) return []
  else if (range.kind === 'person') {
    query = query.where('app_id', 'in', [...range.appIds]).where('person_id', '=', range.personId)
  } else {
    query = query
      .where('app_id', 'in', [...range.appIds])
      .where('person_id', '>', range.after)
      .$if(range.upTo !== null, (q) => q.where('person_id', '<=', range.upTo ?? ''))
  }
  return query.execute()
}

/**
 * Makes the stored findings of a range what this chunk found, inside the caller's
 * transaction: new ones are opened (`finding.opened`), ones of another kind now are replaced
 * (resolved, then opened: a new "since"), ones no longer found are resolved and deleted
 * (`finding.resolved`), and ones still there are stamped with this run.
 */
export async function syncFindings(
  trx: Db,
  context: FindingsContext,
  range: FindingRange,
  drafts: readonly FindingDraft[],
): Promise<void> {
  const stored = new Map(
    (await loadRange(trx, context.workspaceId, range)).map((s) => [
      `${s.app_id}|${s.subject_key}`,
      s,
    ]),
  )
  const events: NewEvent[] = []
  const inserts: FindingDraft[] = []
  const seen: Array<{ appId: string; subjectKey: string }> = []
  for (const draft of drafts) {
    const key = `${draft.appId}|${draft.subjectKey}`
    const before = stored.get(key)
    stored.delete(key)
    if (before && before.kind === draft.kind) {
      if (jsonEqual(decodeJson(before.evidence), draft.evidence)) seen.push(draft)
      else await rewrite(trx, context, draft)
      continue
    }
    if (before) events.push(eventOf(context, 'finding.resolved', before))
    inserts.push(draft)
    events.push(eventOf(context, 'finding.opened', draft))
  }
  await removeStale(trx, [...stored.values()])
  for (const gone of stored.values()) events.push(eventOf(context, 'finding.resolved', gone))
  await insertFindings(trx, context, inserts)
  await stampSeen(trx, context, seen)
  await context.events.appendMany(trx, events)
}

async function rewrite(trx: Db, context: FindingsContext, draft: FindingDraft): Promise<void> {
  await trx
    .updateTable('findings')
    .set({
      evidence: JSON.stringify(draft.evidence),
      account_id: draft.accountId,
      last_seen_at: context.now,
      run_id: context.runId,
    })
    .where('app_id', '=', draft.appId)
    .where('subject_key', '=', draft.subjectKey)
    .execute()
}

async function removeStale(trx: Db, stale: readonly Stored[]): Promise<void> {
  for (const [appId, keys] of groupByApp(stale.map((s) => [s.app_id, s.subject_key]))) {
    for (let i = 0; i < keys.length; i += BATCH) {
      await trx
        .deleteFrom('findings')
        .where('app_id', '=', appId)
        .where('subject_key', 'in', keys.slice(i, i + BATCH))
        .execute()
    }
  }
}

/** Inserts new findings; a kind change replaces the row (upsert), with a new first-seen time. */
async function insertFindings(
  trx: Db,
  context: FindingsContext,
  drafts: readonly FindingDraft[],
): Promise<void> {
  for (let i = 0; i < drafts.length; i += BATCH) {
    const rows = drafts.slice(i, i + BATCH).map((d) => ({
      app_id: d.appId,
      subject_key: d.subjectKey,
      workspace_id: context.workspaceId,
      kind: d.kind,
      person_id: d.personId,
      account_id: d.accountId,
      evidence: JSON.stringify(d.evidence),
      first_seen_at: context.now,
      last_seen_at: context.now,
      run_id: context.runId,
    }))
    await trx
      .insertInto('findings')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['app_id', 'subject_key']).doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          account_id: eb.ref('excluded.account_id'),
          evidence: eb.ref('excluded.evidence'),
          first_seen_at: eb.ref('excluded.first_seen_at'),
          last_seen_at: eb.ref('excluded.last_seen_at'),
          run_id: eb.ref('excluded.run_id'),
        })),
      )
      .execute()
  }
}

async function stampSeen(
  trx: Db,
  context: FindingsContext,
  seen: ReadonlyArray<{ appId: string; subjectKey: string }>,
): Promise<void> {
  for (const [appId, keys] of groupByApp(seen.map((s) => [s.appId, s.subjectKey]))) {
    for (let i = 0; i < keys.length; i += BATCH) {
      await trx
        .updateTable('findings')
        .set({ last_seen_at: context.now, run_id: context.runId })
        .where('app_id', '=', appId)
        .where('subject_key', 'in', keys.slice(i, i + BATCH))
        .execute()
    }
  }
}

function groupByApp(pairs: ReadonlyArray<readonly [string, string]>): Map<string, string[]> {
  const byApp = new Map<string, string[]>()
  for (const [appId, key] of pairs) {
    const keys = byApp.get(appId)
    if (keys) keys.push(key)
    else byApp.set(appId, [key])
  }
  return byApp
}

function eventOf(
  context: FindingsContext,
  type: 'finding.opened' | 'finding.resolved',
  finding: FindingDraft | Stored,
): NewEvent {
  const appId = 'appId' in finding ? finding.appId : finding.app_id
  const subjectKey = 'subjectKey' in finding ? finding.subjectKey : finding.subject_key
  return {
    workspaceId: context.workspaceId,
    sourceId: appId,
    type,
    subject: { type: 'finding', id: `${appId}:${subjectKey}` },
    data: {
      appId,
      subjectKey,
      kind: finding.kind,
      runId: context.runId,
      ...('evidence' in finding && 'appId' in finding ? { evidence: finding.evidence } : {}),
    },
  }
}
