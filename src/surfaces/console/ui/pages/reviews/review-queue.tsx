import { Loaded } from '../../components/loaded.js'
import { ReviewItemCard } from './review-item.js'
import { ReasonForm, useSessionReason } from './review-reason.js'
import { QUEUE_KEYS, queueKeyHandler } from './use-queue-keys.js'
import { type QueueScope, useQueueDecisions, useQueueItems } from './use-review-queue.js'

export type { QueueScope } from './use-review-queue.js'

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
  const { base, resource, reload, showMore } = useQueueItems(reviewId, scope)
  const reason = useSessionReason()
  const loaded = resource.status === 'ready' ? resource.data.items : []
  const queue = useQueueDecisions(base, loaded, reason, onDecided)
  const { items, current, moveTo, decide } = queue
  const onKeyDown = queueKeyHandler({
    keep: () => open && void decide(current, 'keep'),
    revoke: () => open && void decide(current, 'revoke'),
    next: () => moveTo(current + 1),
    previous: () => moveTo(current - 1),
  })
  return (
    <>
      {open ? <ReasonForm reason={reason} onReady={() => moveTo(current)} /> : null}
      <QueueHelp open={open} />
      <Loaded resource={resource} what="the items" retry={reload}>
        {({ nextAfter }) =>
          items.length === 0 ? (
            <p className="empty">{emptyWords(scope)}</p>
          ) : (
            <>
              <ol className="review-queue" aria-label="Items to review" onKeyDown={onKeyDown}>
                {items.map((item, n) => (
                  <ReviewItemCard
                    key={item.id}
                    ref={(element) => {
                      queue.refs.current[n] = element
                    }}
                    item={item}
                    current={n === current}
                    canDecide={open}
                    busy={queue.busy === item.id}
                    error={queue.errors.get(item.id)}
                    onSelect={() => queue.select(n)}
                    onDecide={(decision) => void decide(n, decision)}
                  />
                ))}
              </ol>
              {nextAfter !== undefined ? (
                <button type="button" className="button" onClick={() => showMore(nextAfter)}>
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

function QueueHelp({ open }: { open: boolean }) {
  if (!open)
    return (
      <p className="message message-info">
        This campaign is closed: its decisions can no longer change.
      </p>
    )
  return (
    <p className="review-keys">
      With focus on an item (click it, or Tab to it):{' '}
      <span className="review-keys-list">{QUEUE_KEYS}</span>
    </p>
  )
}

function emptyWords(scope: QueueScope): string {
  return scope === 'me'
    ? 'Nothing in this campaign is yours to decide: its reviewers decide the rest. An admin may choose “Every item” above.'
    : 'This campaign has no items.'
}
