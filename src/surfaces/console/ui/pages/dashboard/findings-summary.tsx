import { withQuery } from '../../api/client.js'
import type { FindingCounts } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { formatCount } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { FINDING_KINDS, KIND_MEANINGS } from '../findings/finding-words.js'

/** Open findings by kind, each a link to the findings of that kind. */
export function FindingsSummary() {
  const { resource, reload } = useApi<FindingCounts>('/api/findings/counts')
  return (
    <Loaded resource={resource} what="open findings" retry={reload}>
      {(counts) =>
        counts.total === 0 ? (
          <p className="empty">
            No open findings: every app matches who works here, or nothing was reconciled yet (
            <code>rollcall reconcile</code>).
          </p>
        ) : (
          <>
            <p>
              <strong>{formatCount(counts.total)}</strong> open findings.{' '}
              <Link to="/findings">See all findings</Link>
            </p>
            <ul className="kind-list">
              {FINDING_KINDS.filter((kind) => (counts.byKind[kind] ?? 0) > 0).map((kind) => (
                <li key={kind}>
                  <Link to={withQuery('/findings', { kind })}>
                    {formatCount(counts.byKind[kind])} {kind}
                  </Link>{' '}
                  <span className="muted">({KIND_MEANINGS[kind]})</span>
                </li>
              ))}
            </ul>
          </>
        )
      }
    </Loaded>
  )
}
