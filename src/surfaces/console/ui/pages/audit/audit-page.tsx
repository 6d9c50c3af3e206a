import { useEffect, useState } from 'react'
import { describeError, withQuery } from '../../api/client.js'
import type { AuditEntry, AuditPage as AuditPageData } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { useLocation } from '../../app/router.js'
import { useSession } from '../../app/session.js'
import { Loaded } from '../../components/loaded.js'
import { PageHeader } from '../../components/page-header.js'
import { AuditTable } from '../shared/audit-table.js'
import { AuditFilterForm } from './audit-filter-form.js'
import {
  type AuditFilters,
  apiQuery,
  dateProblem,
  exportUrl,
  readFilters,
} from './audit-filters.js'

const PAGE_SIZE = 50

/** The audit log: filter by action, target and days; read newest first; export CSV or JSON. */
export function AuditPage() {
  const { query } = useLocation()
  const filters = readFilters(query)
  const problem = dateProblem(filters)
  const path = problem ? null : withQuery('/api/audit', { ...apiQuery(filters), limit: PAGE_SIZE })
  const { resource, reload } = useApi<AuditPageData>(path)
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, who made it and when, newest first. Entries are never edited or removed."
      />
      <AuditFilterForm filters={filters} dateError={problem} />
      <Exports filters={filters} disabled={problem !== null} />
      {problem ? null : (
        <Loaded resource={resource} what="the audit log" retry={reload}>
          {(first) => <Entries key={path} first={first} path={path ?? ''} />}
        </Loaded>
      )}
    </>
  )
}

function Exports({ filters, disabled }: { filters: AuditFilters; disabled: boolean }) {
  if (disabled) return null
  return (
    <div className="exports">
      <p className="muted">Exports hold every entry that matches the filters, oldest first.</p>
      <a className="button" href={exportUrl(filters, 'csv')} download>
        Export CSV
      </a>
      <a className="button" href={exportUrl(filters, 'json')} download>
        Export JSON
      </a>
    </div>
  )
}

/** The first page, then older pages appended on request. */
function Entries({ first, path }: { first: AuditPageData; path: string }) {
  const { api } = useSession()
  const [entries, setEntries] = useState<AuditEntry[]>(first.entries)
  const [cursor, setCursor] = useState(first.nextCursor)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    setEntries(first.entries)
    setCursor(first.nextCursor)
  }, [first])

  const more = async () => {
    if (!cursor) return
    setBusy(true)
    setError(null)
    try {
      const page = await api.get<AuditPageData>(`${path}&cursor=${encodeURIComponent(cursor)}`)
      setEntries((current) => [...current, ...page.entries])
      setCursor(page.nextCursor)
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <p role="status" className="muted">
        {entries.length === 0
          ? ''
          : `Showing ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}.`}
      </p>
      <AuditTable entries={entries} caption="Audit entries" captionHidden showChanges />
      {error ? (
        <p className="message message-error" role="alert">
          {error}
        </p>
      ) : null}
      {cursor ? (
        <button type="button" className="button" onClick={more} disabled={busy}>
          {busy ? 'Loading…' : 'Load older entries'}
        </button>
      ) : null}
    </>
  )
}
