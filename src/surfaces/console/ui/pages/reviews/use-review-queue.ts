import { useRef, useState } from 'react'
import { withQuery } from '../../api/client.js'
import type { ReviewItem, ReviewItemsPage } from '../../api/review-types.js'
import { useResource } from '../../app/resource.js'
import { useSession } from '../../app/session.js'
import type { ItemDecision } from './review-item.js'
import type { SessionReason } from './review-reason.js'
import { refusalWords } from './review-words.js'

const PAGE = 100

export type QueueScope = 'me' | 'all'

/**
 * The queue's items, page after page in snapshot order (`Show more` adds the next page): the
 * signed-in member's (`reviewer=me`) or, for an admin, every item.
 */
export function useQueueItems(reviewId: string, scope: QueueScope) {
  const [after, setAfter] = useState<number[]>([])
  const base = `/api/reviews/${encodeURIComponent(reviewId)}/items`
  const { resource, reload } = useResource(`${base}|${scope}|${after.join(',')}`, async (api) => {
    const pages: ReviewItemsPage[] = []
    for (const cursor of [undefined, ...after]) {
      const reviewer = scope === 'me' ? 'me' : undefined
      pages.push(
        await api.get<ReviewItemsPage>(withQuery(base, { reviewer, after: cursor, limit: PAGE })),
      )
    }
    return { items: pages.flatMap((p) => p.items), nextAfter: pages.at(-1)?.nextAfter }
  })
  const showMore = (nextAfter: number) => setAfter((list) => [...list, nextAfter])
  return { base, resource, reload, showMore }
}

/**
 * Deciding the queue's items: the current item (the first undecided one until the reviewer
 * moves), moving focus with it, each decision saved with the session's reason, then the next
 * undecided item. A refusal stays on its item, which keeps focus; nothing else changes.
 */
export function useQueueDecisions(
  base: string,
  loaded: readonly ReviewItem[],
  reason: SessionReason,
  onDecided: () => void,
) {
  const { api } = useSession()
  const [decided, setDecided] = useState<ReadonlyMap<string, ReviewItem>>(new Map())
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map())
  const [busy, setBusy] = useState<string | null>(null)
  const [index, setIndex] = useState<number | null>(null)
  const refs = useRef<Array<HTMLLIElement | null>>([])
  const items = loaded.map((item) => decided.get(item.id) ?? item)
  const current =
    index ??
    Math.max(
      0,
      items.findIndex((i) => i.decision === null),
    )

  const moveTo = (next: number) => {
    if (items.length === 0) return
    const bounded = Math.min(items.length - 1, Math.max(0, next))
    setIndex(bounded)
    refs.current[bounded]?.focus()
    refs.current[bounded]?.scrollIntoView?.({ block: 'nearest' })
  }

  const decide = async (at: number, decision: ItemDecision) => {
    const item = items[at]
    if (!item || busy) return
    if (!reason.value.trim()) return reason.demand()
    setBusy(item.id)
    try {
      const path = `${base}/${encodeURIComponent(item.id)}/decision`
      const saved = await api.post<ReviewItem>(path, { decision, reason: reason.value.trim() })
      setDecided((map) => new Map(map).set(saved.id, saved))
      setErrors((map) => without(map, item.id))
      onDecided()
      const later = items.findIndex((i, n) => n > at && i.decision === null)
      moveTo(later === -1 ? at + 1 : later)
    } catch (error) {
      setErrors((map) => new Map(map).set(item.id, refusalWords(error, item)))
      refs.current[at]?.focus()
    } finally {
      setBusy(null)
    }
  }
  return { items, current, errors, busy, refs, moveTo, decide, select: setIndex }
}

function without<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  const copy = new Map(map)
  copy.delete(key)
  return copy
}
