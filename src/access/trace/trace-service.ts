import type { Db } from '../../platform/store/index.js'
import type { AppsService } from '../apps/index.js'
import type { GraphService } from '../graph/index.js'
import { findApp } from './trace-apps.js'
import { accountEventDrafts, findingEventDrafts, personEventDrafts } from './trace-events-store.js'
import { encodeCursor, readPage, type TraceSource } from './trace-merge.js'
import {
  accountIdsOf,
  deadLetterDrafts,
  decidedDrafts,
  plannedDrafts,
  settledDrafts,
  verifiedDrafts,
} from './trace-operations-store.js'
import {
  offboardingDrafts,
  type PersonScope,
  residualWindowDrafts,
  taskDrafts,
  tracedPerson,
} from './trace-people-store.js'
import type { TraceDraft, TraceEntry, TracePage, TraceWindow } from './trace-types.js'
import { withApp } from './trace-words.js'

export type PersonTraceDeps = {
  readonly db: Db
  readonly apps: Pick<AppsService, 'list'>
  readonly graph: Pick<GraphService, 'resolvePerson'>
}

/** The query of one page: `app` by id or name, `since` an instant, `before` a decoded cursor. */
export type TraceQuery = Omit<TraceWindow, 'appId'> & { readonly app?: string }

export type PersonTrace = ReturnType<typeof createPersonTrace>

/**
 * A person's trace: every source change, link decision, finding, plan step with the app's
 * answer, task, verification and departure, newest first, a page at a time (a person with years
 * of history costs one capped query per kind of entry).
 * @example const page = await trace.of(workspaceId, 'ada@acme.com', { limit: 50 })
 */
export function createPersonTrace(deps: PersonTraceDeps) {
  return {
    async of(workspaceId: string, personRef: string, query: TraceQuery): Promise<TracePage> {
      const found = await deps.graph.resolvePerson(workspaceId, personRef)
      const person = await tracedPerson(deps.db, workspaceId, found.id)
      const apps = await deps.apps.list(workspaceId)
      const app = query.app === undefined ? undefined : findApp(apps, query.app)
      const names = new Map(apps.map((a) => [a.id, a.name]))
      const scope = { workspaceId, personId: found.id, email: person?.primary_email ?? null }
      const sources = await sourcesOf(deps.db, scope, app ? [app.id] : [...names.keys()])
      const { drafts, next } = await readPage(sources, {
        ...query,
        ...(app ? { appId: app.id } : {}),
      })
      return {
        person: {
          id: found.id,
          email: found.email,
          userName: found.userName,
          displayName: person?.display_name ?? null,
        },
        entries: drafts.map((d) => entryOf(d, names)),
        ...(next ? { nextCursor: encodeCursor(next) } : {}),
      }
    },
  }
}

/** Every kind of entry as a source of the page merge. */
async function sourcesOf(
  db: Db,
  scope: PersonScope,
  appIds: readonly string[],
): Promise<TraceSource[]> {
  const accounts = await accountIdsOf(db, scope)
  const { workspaceId, personId } = scope
  return [
    (w) => personEventDrafts(db, workspaceId, personId, w),
    (w) => accountEventDrafts(db, workspaceId, accounts, w),
    (w) => findingEventDrafts(db, workspaceId, personId, appIds, w),
    (w) => plannedDrafts(db, scope, w),
    (w) => decidedDrafts(db, scope, w),
    (w) => settledDrafts(db, scope, w),
    (w) => deadLetterDrafts(db, scope, w),
    (w) => verifiedDrafts(db, scope, w),
    (w) => taskDrafts(db, scope, 'opened', w),
    (w) => taskDrafts(db, scope, 'done', w),
    (w) => taskDrafts(db, scope, 'verified', w),
    (w) => offboardingDrafts(db, scope, false, w),
    (w) => offboardingDrafts(db, scope, true, w),
    (w) => residualWindowDrafts(db, scope, w),
  ]
}

/** A draft with its app named and its words filled in. */
export function entryOf(draft: TraceDraft, names: ReadonlyMap<string, string>): TraceEntry {
  const { appId, words, ...rest } = draft
  const name = appId === null ? null : (names.get(appId) ?? appId)
  return {
    ...rest,
    app: appId === null ? null : { id: appId, name: name ?? appId },
    summary: withApp(words, name),
  }
}
