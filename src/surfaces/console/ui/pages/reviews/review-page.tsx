import { useId, useState } from 'react'
import type { Review } from '../../api/review-types.js'
import type { PageProps } from '../../app/pages.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { useSession } from '../../app/session.js'
import { Badge } from '../../components/badge.js'
import { Fact, Facts } from '../../components/facts.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { PageHeader } from '../../components/page-header.js'
import { Section } from '../../components/section.js'
import { type QueueScope, ReviewQueue } from './review-queue.js'
import {
  decidedWords,
  reviewStatusTone,
  reviewStatusWords,
  revocationWords,
} from './review-words.js'

/** One campaign: its progress (updated after each decision) and the signed-in reviewer's queue. */
export function ReviewPage({ params }: PageProps) {
  const id = params.id ?? ''
  const { resource, reload } = useApi<Review>(`/api/reviews/${encodeURIComponent(id)}`)
  const { can } = useSession()
  const [scope, setScope] = useState<QueueScope>('me')
  return (
    <Loaded resource={resource} what="this access review" retry={reload}>
      {(review) => (
        <>
          <PageHeader
            title={review.name}
            description={
              <>
                Decide whether each person keeps this access. At the due date what is left undecided
                is {review.defaultDecision === 'keep' ? 'kept' : 'revoked'}.{' '}
                <Link to="/reviews">All access reviews</Link>
              </>
            }
          />
          <Progress review={review} />
          <Section
            title={scope === 'me' ? 'Your queue' : 'Every item'}
            actions={
              can('integrations:manage') ? <ScopeSelect scope={scope} onChange={setScope} /> : null
            }
          >
            <ReviewQueue
              key={scope}
              reviewId={review.id}
              open={review.status === 'open'}
              scope={scope}
              onDecided={reload}
            />
          </Section>
        </>
      )}
    </Loaded>
  )
}

function Progress({ review }: { review: Review }) {
  const { progress } = review
  return (
    <Facts>
      <Fact label="Status">
        <Badge tone={reviewStatusTone(review.status)}>{reviewStatusWords(review.status)}</Badge>
      </Fact>
      <Fact label="Progress">
        <span role="status">{decidedWords(progress)}</span>
      </Fact>
      <Fact label="Decisions">
        {progress.kept} kept, {progress.revoked} revoked
      </Fact>
      <Fact label="Revocations">{revocationWords(progress)}</Fact>
      <Fact label="Due">
        <DateTime value={review.dueAt} />
      </Fact>
      <Fact label="Reviewers">{reviewerWords(review)}</Fact>
    </Facts>
  )
}

function reviewerWords(review: Review): string {
  const reviewers = review.reviewers
  if (reviewers.type === 'app_owner') return 'Each app’s owner'
  if (reviewers.type === 'manager') return 'Each person’s manager'
  return reviewers.emails.join(', ')
}

function ScopeSelect({
  scope,
  onChange,
}: {
  scope: QueueScope
  onChange: (s: QueueScope) => void
}) {
  const id = useId()
  return (
    <div className="field-inline">
      <label htmlFor={id}>Show</label>
      <select
        id={id}
        value={scope}
        onChange={(event) => onChange(event.target.value === 'all' ? 'all' : 'me')}
      >
        <option value="me">Your queue</option>
        <option value="all">Every item (admins decide any)</option>
      </select>
    </div>
  )
}
