import type { PlanSummary } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { DateTime, formatCount } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { Table } from '../../components/table.js'
import { describeCounts } from '../plans/plan-words.js'

const SHOWN = 5

/** Plans with operations waiting for a person's approval, newest first. */
export function HeldPlans() {
  const { resource, reload } = useApi<{ plans: PlanSummary[]; next?: string }>(
    `/api/plans?status=held&limit=${SHOWN}`,
  )
  return (
    <Loaded resource={resource} what="held plans" retry={reload}>
      {({ plans, next }) =>
        plans.length === 0 ? (
          <p className="empty">No plan waits for approval.</p>
        ) : (
          <>
            <p>
              <strong>{next ? `${SHOWN}+` : formatCount(plans.length)}</strong>{' '}
              {plans.length === 1 && !next ? 'plan waits' : 'plans wait'} for approval.{' '}
              <Link to="/plans?status=held">See held plans</Link>
            </p>
            <Table
              caption="Newest held plans"
              captionHidden
              rows={plans}
              rowKey={(plan) => plan.id}
              empty={null}
              columns={[
                {
                  header: 'Plan',
                  cell: (plan) => (
                    <Link to={`/plans/${encodeURIComponent(plan.id)}`}>
                      Plan of <DateTime value={plan.createdAt} />
                    </Link>
                  ),
                },
                { header: 'Held', kind: 'num', cell: (plan) => String(plan.counts.held ?? 0) },
                { header: 'Operations', cell: (plan) => describeCounts(plan) },
              ]}
            />
          </>
        )
      }
    </Loaded>
  )
}
