import { forwardRef } from 'react'
import type { ReviewItem } from '../../api/review-types.js'
import { Link } from '../../app/router.js'
import { Badge } from '../../components/badge.js'
import { DateTime } from '../../components/format.js'
import { accessWords, decisionTone, decisionWords, holderWords } from './review-words.js'

export type ItemDecision = 'keep' | 'revoke'

/**
 * One item of the queue: who holds what, the evidence of why it exists, the decision so far,
 * the Keep and Revoke buttons, and the refusal of the last try (inline, nothing changed).
 */
export const ReviewItemCard = forwardRef<
  HTMLLIElement,
  {
    item: ReviewItem
    current: boolean
    canDecide: boolean
    busy: boolean
    error: string | undefined
    onSelect: () => void
    onDecide: (decision: ItemDecision) => void
  }
>(function ReviewItemCard({ item, current, canDecide, busy, error, onSelect, onDecide }, ref) {
  const holder = holderWords(item)
  const what = accessWords(item)
  return (
    <li
      ref={ref}
      tabIndex={-1}
      className="review-item"
      aria-current={current ? 'true' : undefined}
      onFocus={onSelect}
    >
      <p className="review-item-title">
        <Link to={`/people/${encodeURIComponent(item.person.id)}`}>{holder}</Link>:{' '}
        {item.entitlement ? `holds ${what}` : `has the ${what}`}
      </p>
      <p className="review-item-evidence">{item.evidence.words}</p>
      <p className="muted">
        Since <DateTime value={item.evidence.since} /> · Last login{' '}
        <DateTime value={item.evidence.lastLoginAt} fallback="not reported by the app" />
      </p>
      <div className="row-actions">
        <Badge tone={decisionTone(item)}>{decisionWords(item)}</Badge>
        {item.reason ? <span className="muted">{item.reason}</span> : null}
        {canDecide ? (
          <>
            <button
              type="button"
              className="button"
              aria-label={`Keep: ${holder}, ${what}`}
              disabled={busy}
              onClick={() => onDecide('keep')}
            >
              Keep
            </button>
            <button
              type="button"
              className="button button-danger"
              aria-label={`Revoke: ${holder}, ${what}`}
              disabled={busy}
              onClick={() => onDecide('revoke')}
            >
              Revoke
            </button>
          </>
        ) : null}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  )
})
