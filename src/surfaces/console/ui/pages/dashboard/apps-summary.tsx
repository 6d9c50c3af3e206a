import type { App } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { Loaded } from '../../components/loaded.js'
import { Table } from '../../components/table.js'
import { HealthBadge } from '../shared/health-badge.js'

/** The connected apps and how their connections are doing. */
export function AppsSummary() {
  const { resource, reload } = useApi<{ apps: App[] }>('/api/apps')
  return (
    <Loaded resource={resource} what="apps" retry={reload}>
      {({ apps }) => (
        <Table
          caption="Connected apps"
          captionHidden
          rows={apps}
          rowKey={(app) => app.id}
          empty={
            <>
              No apps connected yet. Connect one with <code>rollcall app connect</code> or{' '}
              <code>POST /api/apps</code>.
            </>
          }
          columns={[
            { header: 'App', cell: (app) => <Link to={`/apps/${app.id}`}>{app.name}</Link> },
            { header: 'Catalog entry', cell: (app) => <code>{app.catalogId}</code> },
            { header: 'Connection', cell: (app) => <HealthBadge appId={app.id} /> },
          ]}
        />
      )}
    </Loaded>
  )
}
