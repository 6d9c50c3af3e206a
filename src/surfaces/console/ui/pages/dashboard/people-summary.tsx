import type { PeopleCounts } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { formatCount } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'

/** How many people the sources brought, by status. */
export function PeopleSummary() {
  const { resource, reload } = useApi<PeopleCounts>('/api/people-counts')
  return (
    <Loaded resource={resource} what="people counts" retry={reload}>
      {(counts) =>
        counts.total === 0 ? (
          <p className="empty">
            No people yet. Add a source of people (an IdP pushing SCIM, Okta, or a CSV file) with{' '}
            <code>rollcall source add</code>.
          </p>
        ) : (
          <>
            <dl className="stats">
              <Stat label="People" value={counts.total} />
              <Stat label="Active" value={counts.active} />
              <Stat label="Inactive" value={counts.inactive} />
              <Stat label="Gone" value={counts.gone} />
            </dl>
            <p>
              <Link to="/people">Browse people</Link>
            </p>
          </>
        )
      }
    </Loaded>
  )
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{formatCount(value)}</dd>
    </div>
  )
}
