import { ApiError } from '../../api/client.js'
import type { ResidualWindows } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { formatCount } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { Table } from '../../components/table.js'
import { appName, useApps } from '../shared/app-names.js'

/**
 * Open residual-access windows: people who left whose account in an app is still active, per
 * app with the longest one. A hub without the residual-access API (404) says so instead.
 */
export function ResidualAccess() {
  const { resource, reload } = useApi<ResidualWindows>(
    '/api/residual-windows?status=open&limit=500',
  )
  const apps = useApps()
  if (
    resource.status === 'error' &&
    resource.error instanceof ApiError &&
    resource.error.status === 404
  )
    return <p className="empty">This hub does not report residual-access windows yet.</p>
  return (
    <Loaded resource={resource} what="residual access" retry={reload}>
      {({ windows, summary }) =>
        windows.length === 0 ? (
          <p className="empty">No open residual-access windows.</p>
        ) : (
          <>
            <p>
              <strong>{formatCount(windows.length)}</strong> accounts of people who left are still
              active. <Link to="/findings?kind=residual">See residual findings</Link>
            </p>
            <Table
              caption="Open residual-access windows by app"
              captionHidden
              rows={summary.filter((s) => s.open > 0)}
              rowKey={(s) => s.appId}
              empty={null}
              columns={[
                { header: 'App', cell: (s) => appName(apps, s.appId) },
                { header: 'Open', kind: 'num', cell: (s) => formatCount(s.open) },
                {
                  header: 'Longest open',
                  kind: 'num',
                  cell: (s) => duration(s.longestOpenSeconds),
                },
              ]}
            />
          </>
        )
      }
    </Loaded>
  )
}

/** Seconds as the largest unit that reads well: `3 d`, `5 h`, `12 min`. */
function duration(seconds: number | null): string {
  if (seconds === null) return '—'
  if (seconds >= 86_400) return `${Math.floor(seconds / 86_400)} d`
  if (seconds >= 3600) return `${Math.floor(seconds / 3600)} h`
  return `${Math.max(1, Math.floor(seconds / 60))} min`
}
