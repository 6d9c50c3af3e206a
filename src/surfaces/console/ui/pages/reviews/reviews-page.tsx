import type { Review } from '../../api/review-types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { Badge } from '../../components/badge.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { PageHeader } from '../../components/page-header.js'
import { Table } from '../../components/table.js'
import {
  decidedWords,
  reviewStatusTone,
  reviewStatusWords,
  revocationWords,
} from './review-words.js'

/** Access review campaigns: how far each got, its revocations, and when it is due. */
export function ReviewsPage() {
  const { resource, reload } = useApi<{ reviews: Review[] }>('/api/reviews')
  return (
    <>
      <PageHeader
        title="Access reviews"
        description="Each campaign asks reviewers whether people should keep the access they hold. Open one to decide its items; revocations count once the app shows the access gone."
      />
      <Loaded resource={resource} what="access reviews" retry={reload}>
        {({ reviews }) => (
          <Table
            caption="Access review campaigns"
            captionHidden
            rows={reviews}
            rowKey={(review) => review.id}
            empty={
              <>
                No access reviews yet. An admin starts one with{' '}
                <code>rollcall review create --config-file review.json</code> or{' '}
                <code>POST /api/reviews</code> (docs/access-reviews.md).
              </>
            }
            columns={[
              {
                header: 'Campaign',
                cell: (review) => (
                  <Link to={`/reviews/${encodeURIComponent(review.id)}`}>{review.name}</Link>
                ),
              },
              {
                header: 'Status',
                cell: (review) => (
                  <Badge tone={reviewStatusTone(review.status)}>
                    {reviewStatusWords(review.status)}
                  </Badge>
                ),
              },
              { header: 'Progress', cell: (review) => decidedWords(review.progress) },
              { header: 'Revocations', cell: (review) => revocationWords(review.progress) },
              { header: 'Due', cell: (review) => <DateTime value={review.dueAt} /> },
            ]}
          />
        )}
      </Loaded>
    </>
  )
}
