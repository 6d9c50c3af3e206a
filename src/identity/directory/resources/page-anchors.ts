import type { Db } from '../../../platform/store/index.js'
import type { Clock } from '../../../shared/clock.js'
import type { Logger } from '../../../shared/logger.js'
import { readRosterAnchors } from './roster-store.js'

export type Anchor = { readonly id: string; readonly position: number }

type Entry = { readonly version: number; readonly ids: readonly string[] }

/** Every STEP-th id is remembered (1 000 ids per 100 000 users), so a page skips < STEP entries. */
const STEP = 100
/** A directory's anchors are rebuilt at most this often, so heavy writing never means heavy rebuilding. */
const REBUILD_INTERVAL_MS = 2000

/**
 * SCIM pages by position (`startIndex`, RFC 7644 §3.4.2.4), which a b-tree can only reach by
 * stepping over every earlier entry: OFFSET 90 000 walks 90 000 index entries. This remembers the
 * id at every 100th position of a directory in id order, valid for one roster version (which
 * moves on every create and delete), so a deep page starts from the nearest anchor. When the
 * roster changed, pages fall back to the plain OFFSET and the anchors are rebuilt in the
 * background, no more than once per interval: a cache, never a source of truth.
 */
export function createPageAnchors(options: {
  table: 'scim_users' | 'scim_groups'
  clock: Clock
  log: Pick<Logger, 'warn'>
}) {
  const entries = new Map<string, Entry>()
  const lastBuild = new Map<string, number>()
  let pending: Promise<void> = Promise.resolve()

  async function rebuild(db: Db, directoryId: string): Promise<void> {
    const rows = await readRosterAnchors(db, options.table, directoryId, STEP)
    const first = rows[0]
    if (!first) entries.delete(directoryId)
    else entries.set(directoryId, { version: Number(first.version), ids: rows.map((r) => r.id) })
  }

  return {
    /** The nearest anchor at or before `offset`, when anchors for `version` are known. */
    nearest(db: Db, directoryId: string, version: number, offset: number): Anchor | undefined {
      if (offset < STEP) return undefined
      const entry = entries.get(directoryId)
      if (entry?.version === version) {
        const index = Math.min(Math.floor(offset / STEP), entry.ids.length - 1)
        const id = entry.ids[index]
        return id === undefined ? undefined : { id, position: index * STEP }
      }
      const now = options.clock.now().getTime()
      if (now - (lastBuild.get(directoryId) ?? 0) >= REBUILD_INTERVAL_MS) {
        lastBuild.set(directoryId, now)
        if (lastBuild.size > 10_000) lastBuild.clear()
        pending = new Promise((resolve) => setImmediate(resolve)).then(() =>
          rebuild(db, directoryId).catch((error: unknown) => {
            entries.delete(directoryId)
            options.log.warn(
              { err: error, directoryId },
              'page anchors: rebuild failed; pages use plain OFFSET',
            )
          }),
        )
      }
      return undefined
    },

    /** Resolves when the last scheduled rebuild has finished (tests, shutdown). */
    settled(): Promise<void> {
      return pending
    },
  }
}

export type PageAnchors = ReturnType<typeof createPageAnchors>
