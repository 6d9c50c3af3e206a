import { type FormEvent, useId } from 'react'
import { withQuery } from '../../api/client.js'
import type { PlanSummary } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link, useLocation, useNavigate } from '../../app/router.js'
import { Badge } from '../../components/badge.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { PageHeader } from '../../components/page-header.js'
import { Table } from '../../components/table.js'
import { useApps } from '../shared/app-names.js'
import { NewPlanButton } from './new-plan-button.js'
import { describeCounts, describeScope, statusTone, statusWords } from './plan-words.js'

/** Plans, newest first: what each does, and where it stands (held, applying, applied…). */
export function PlansPage() {
  const { query } = useLocation()
  const status = query.get('status') ?? ''
  const before = query.get('before') ?? ''
  const { resource, reload } = useApi<{ plans: PlanSummary[]; next?: string }>(
    withQuery('/api/plans', { status, before, limit: 50 }),
  )
  const apps = useApps()
  return (
    <>
      <PageHeader
        title="Plans"
        description="Each plan lists the changes that would make the apps match who works here. Held operations wait for a person to approve or reject them."
        actions={<NewPlanButton />}
      />
      <StatusFilter status={status} />
      <Loaded resource={resource} what="plans" retry={reload}>
        {({ plans, next }) => (
          <>
            <Table
              caption="Plans, newest first"
              captionHidden
              rows={plans}
              rowKey={(plan) => plan.id}
              empty={
                <>
                  No plans yet. Make one with <code>rollcall plan --workspace &lt;slug&gt;</code> or{' '}
                  <code>POST /api/plans</code>.
                </>
              }
              columns={[
                {
                  header: 'Plan',
                  cell: (plan) => (
                    <>
                      <Link to={`/plans/${encodeURIComponent(plan.id)}`}>{plan.title}</Link>{' '}
                      <span className="muted">
                        <DateTime value={plan.createdAt} />
                      </span>
                    </>
                  ),
                },
                {
                  header: 'Status',
                  cell: (plan) => (
                    <Badge tone={statusTone(plan.status)}>{statusWords(plan.status)}</Badge>
                  ),
                },
                { header: 'Where it stands', cell: (plan) => plan.headline },
                { header: 'Scope', cell: (plan) => describeScope(plan, apps) },
                { header: 'Operations', cell: (plan) => describeCounts(plan) },
                { header: 'Held', kind: 'num', cell: (plan) => String(plan.counts.held ?? 0) },
              ]}
            />
            {next ? (
              <nav className="pager" aria-label="Pages of plans">
                <Link to={withQuery('/plans', { status, before: next })}>Older plans</Link>
              </nav>
            ) : null}
          </>
        )}
      </Loaded>
    </>
  )
}

function StatusFilter({ status }: { status: string }) {
  const navigate = useNavigate()
  const id = useId()
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const value = String(new FormData(event.currentTarget).get('status') ?? '')
    navigate(withQuery('/plans', { status: value }))
  }
  return (
    <form className="filters" aria-label="Filter plans" onSubmit={submit} key={status}>
      <div className="field">
        <label htmlFor={id}>Status</label>
        <select id={id} name="status" defaultValue={status}>
          <option value="">All plans</option>
          <option value="held">Held: waiting for approval</option>
          <option value="ready">Ready: nothing applied yet</option>
          <option value="applying">Applying</option>
          <option value="partly_applied">Partly applied</option>
          <option value="applied">Applied</option>
          <option value="failed">Failed</option>
        </select>
      </div>
      <button type="submit" className="button button-primary">
        Apply
      </button>
    </form>
  )
}
