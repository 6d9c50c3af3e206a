import { type Db, decodeJson } from '../../platform/store/index.js'
import type { SourceWindow } from './trace-merge.js'
import type { TraceDraft } from './trace-types.js'
import { windowWhere } from './trace-window.js'
import {
  accountEventWords,
  findingWords,
  isLinkChange,
  personEventKind,
  personEventWords,
} from './trace-words.js'

/**
 * Trace entries out of the event log (platform/events' table, read only here): the person's own
 * events (a source's change, a lifecycle action), their accounts' events (what a refresh saw, a
 * link decision) and their findings' events (opened, resolved). Each by the `events_subject`
 * index (workspace, subject id).
 */

type EventRow = {
  id: string
  source_id: string | null
  type: string
  subject_id: string
  data: unknown
  created_at: string
}

async function eventsOf(
  db: Db,
  workspaceId: string,
  subject: { type: string; ids: readonly string[] },
  window: SourceWindow,
  appId?: string,
): Promise<EventRow[]> {
  if (subject.ids.length === 0) return []
  let query = db
    .selectFrom('events')
    .select(['id', 'source_id', 'type', 'subject_id', 'data', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('subject_id', 'in', subject.ids)
    .where('subject_type', '=', subject.type)
    .where(windowWhere('created_at', window))
  if (appId) query = query.where('source_id', '=', appId)
  return query.orderBy('created_at', 'desc').orderBy('seq', 'desc').limit(window.limit).execute()
}

/** A source's changes to the person and the lifecycle actions on them (no app). */
export async function personEventDrafts(
  db: Db,
  workspaceId: string,
  personId: string,
  window: SourceWindow,
): Promise<TraceDraft[]> {
  // Person events carry no app: with ?app= they still show, as causes of what the app saw.
  const rows = await eventsOf(db, workspaceId, { type: 'person', ids: [personId] }, window)
  return rows.map((row) => {
    const data = decodeJson<Record<string, unknown>>(row.data) ?? {}
    const planId = typeof data.planId === 'string' ? data.planId : undefined
    return {
      key: `event:${row.id}`,
      at: row.created_at,
      kind: personEventKind(row.type),
      appId: null,
      words: personEventWords(row.type, data),
      status: typeof data.status === 'string' ? data.status : null,
      ids: {
        personId,
        eventId: row.id,
        ...(row.source_id ? { sourceId: row.source_id } : {}),
        ...(planId ? { planId } : {}),
      },
      detail: { type: row.type, ...pick(data, ['trigger', 'reason', 'applied', 'version']) },
    }
  })
}

/** What refreshes saw of the person's accounts, and the link decisions about them. */
export async function accountEventDrafts(
  db: Db,
  workspaceId: string,
  accountIds: readonly string[],
  window: SourceWindow,
): Promise<TraceDraft[]> {
  const subject = { type: 'account', ids: accountIds }
  const rows = await eventsOf(db, workspaceId, subject, window, window.appId)
  return rows.map((row) => {
    const data = decodeJson<Record<string, unknown>>(row.data) ?? {}
    const change = row.type.replace(/^account\./, '')
    const snapshotId = typeof data.snapshotId === 'string' ? data.snapshotId : undefined
    const personId = typeof data.personId === 'string' ? data.personId : undefined
    return {
      key: `event:${row.id}`,
      at: row.created_at,
      kind: isLinkChange(change) ? 'link' : 'verification',
      appId: row.source_id,
      words: accountEventWords(change, data),
      status: change,
      ids: {
        accountId: row.subject_id,
        eventId: row.id,
        ...(personId ? { personId } : {}),
        ...(snapshotId ? { snapshotId } : {}),
      },
      detail: { type: row.type, ...pick(data, ['before', 'after', 'by', 'automatic']) },
    }
  })
}

/** Findings about the person, opened and resolved (a finding's subject is `<app>:<person>`). */
export async function findingEventDrafts(
  db: Db,
  workspaceId: string,
  personId: string,
  appIds: readonly string[],
  window: SourceWindow,
): Promise<TraceDraft[]> {
  const ids = appIds.map((appId) => `${appId}:${personId}`)
  const rows = await eventsOf(db, workspaceId, { type: 'finding', ids }, window)
  return rows.map((row) => {
    const data = decodeJson<Record<string, unknown>>(row.data) ?? {}
    const kind = typeof data.kind === 'string' ? data.kind : 'unknown'
    const runId = typeof data.runId === 'string' ? data.runId : undefined
    const opened = row.type === 'finding.opened'
    return {
      key: `event:${row.id}`,
      at: row.created_at,
      kind: 'finding',
      appId: typeof data.appId === 'string' ? data.appId : row.source_id,
      words: findingWords(opened, kind),
      status: opened ? 'open' : 'resolved',
      ids: { personId, eventId: row.id, ...(runId ? { runId } : {}) },
      detail: { type: row.type, findingKind: kind, ...pick(data, ['evidence']) },
    }
  })
}

function pick(data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => data[k] !== undefined).map((k) => [k, data[k]]))
}
