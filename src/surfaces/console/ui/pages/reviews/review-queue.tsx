import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { withQuery } from '../../api/client.js'
import type { ReviewItem, ReviewItemsPage } from '../../api/review-types.js'
import { useResource } from '../../app/resource.js'
import { useSession } from '../../app/session.js'
import { Loaded } from '../../components/loaded.js'
import { type ItemDecision, ReviewItemCard } from './review-item.js'
import { refusalWords } from './review-words.js'
import { QUEUE_KEYS, queueKeyHandler } from './use-queue-keys.js'

const REASON_KEY = 'rollcall.review.reason'
const PAGE = 100

export type QueueScope = 'me' | 'all'

/**
 * A reviewer's queue: the items they decide (an admin may show every item), one current item
 * at a time, decided with the buttons or the keys. The reason is asked once and kept for the
 * session; a refused decision shows its message on the item and changes nothing.
 */
export function ReviewQueue({
  reviewId,
  open,
  scope,
  onDecided,
}: {
  reviewId: string
  open: boolean
  scope: QueueScope
  onDecided: () => void
}) {
  const { api } = useSession()
  const [after, setAfter] = useState<number[]>([])
  const base = `/api/reviews/${encodeURIComponent(reviewId)}/items`
  const { resource, reload } = useResource(
    `${base}|${scope}|${after.join(',')}`,
    async (client) => {
      const pages: ReviewItemsPage[] = []
      for (const cursor of [undefined, ...after]) {
        pages.push(
          await client.get<ReviewItemsPage>(
            withQuery(base, {
              reviewer: scope === 'me' ? 'me' : undefined,
              after: cursor,
              limit: PAGE,
            }),
          ),
        )
      }
      return { items: pages.flatMap((p) => p.items), nextAfter: pages.at(-1)?.nextAfter }
    },
  )
  const reason = useSessionReason()
  const [decided, setDecided] = useState<ReadonlyMap<string, ReviewItem>>(new Map())
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map())
  const [busy, setBusy] = useState<string | null>(null)
  const [index, setIndex] = useState<number | null>(null)
  const refs = useRef<Array<HTMLLIElement | null>>([])

  const items =
    resource.status === 'ready' ? resource.data.items.map((i) => decided.get(i.id) ?? i) : []
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
    if (!reason.value.trim()) {
      reason.demand()
      return
    }
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

  const onKeyDown = queueKeyHandler({
    keep: () => open && void decide(current, 'keep'),
    revoke: () => open && void decide(current, 'revoke'),
    next: () => moveTo(current + 1),
    previous: () => moveTo(current - 1),
  })

  return (
    <>
      {open ? <ReasonForm reason={reason} onReady={() => moveTo(current)} /> : null}
      {open ? (
        <p className="review-keys">
          With focus on an item (click it, or Tab to it):{' '}
          <span className="review-keys-list">{QUEUE_KEYS}</span>
        </p>
      ) : (
        <p className="message message-info">
          This campaign is closed: its decisions can no longer change.
        </p>
      )}
      <Loaded resource={resource} what="the items" retry={reload}>
        {({ nextAfter }) =>
          items.length === 0 ? (
            <p className="empty">
              {scope === 'me'
                ? 'Nothing in this campaign is yours to decide: its reviewers decide the rest. An admin may choose “Every item” above.'
                : 'This campaign has no items.'}
            </p>
          ) : (
            <>
              <ol className="review-queue" aria-label="Items to review" onKeyDown={onKeyDown}>
                {items.map((item, n) => (
                  <ReviewItemCard
                    key={item.id}
                    ref={(element) => {
                      refs.current[n] = element
                    }}
                    item={item}
                    current={n === current}
                    canDecide={open}
                    busy={busy === item.id}
                    error={errors.get(item.id)}
                    onSelect={() => setIndex(n)}
                    onDecide={(decision) => void decide(n, decision)}
                  />
                ))}
              </ol>
              {nextAfter !== undefined ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => setAfter((list) => [...list, nextAfter])}
                >
                  Show more items
                </button>
              ) : null}
            </>
          )
        }
      </Loaded>
    </>
  )
}

type SessionReason = {
  value: string
  set(value: string): void
  error: string | null
  demand(): void
  inputRef: React.RefObject<HTMLInputElement | null>
}

/** The reason given with each decision, asked once and kept for this browser session. */
function useSessionReason(): SessionReason {
  const [value, setValue] = useState(() => sessionStorage.getItem(REASON_KEY) ?? '')
  const [error, setError] = useState<string | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  useEffect(() => {
    sessionStorage.setItem(REASON_KEY, value)
  }, [value])
  return {
    value,
    error,
    inputRef,
    set(next) {
      setValue(next)
      if (next.trim()) setError(null)
    },
    demand() {
      setError('Give a reason first: it is kept with each decision in the report and audit log.')
      inputRef.current?.focus()
    },
  }
}

/** The reason, asked once; submitting it (Enter) takes the reviewer to the current item. */
function ReasonForm({ reason, onReady }: { reason: SessionReason; onReady: () => void }) {
  const id = useId()
  const errorId = `${id}-error`
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!reason.value.trim()) return reason.demand()
    onReady()
  }
  return (
    <form className="inline-form review-reason" onSubmit={submit} aria-label="Reason for decisions">
      <div className="field">
        <label htmlFor={id}>Reason for your decisions</label>
        <input
          id={id}
          ref={reason.inputRef}
          name="reason"
          value={reason.value}
          placeholder="e.g. Quarterly review with the team lead"
          onChange={(event) => reason.set(event.target.value)}
          aria-invalid={reason.error ? true : undefined}
          aria-describedby={reason.error ? errorId : undefined}
        />
        {reason.error ? (
          <p id={errorId} className="field-error">
            {reason.error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button">
        Use this reason
      </button>
    </form>
  )
}

function without<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  const copy = new Map(map)
  copy.delete(key)
  return copy
}
