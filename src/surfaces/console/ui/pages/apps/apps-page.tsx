import type { App } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { Loaded } from '../../components/loaded.js'
import { PageHeader } from '../../components/page-header.js'
import { Table } from '../../components/table.js'
import { HealthBadge } from '../shared/health-badge.js'
import { CONNECTORS, describeAssignment } from './app-words.js'

type CatalogSummary = { id: string; name: string; connector: 'scim' | 'okta' | 'manual' }

/** The connected apps: catalog entry, how Rollcall reaches each, who gets an account, health. */
export function AppsPage() {
  const apps = useApi<{ apps: App[] }>('/api/apps')
  const catalog = useApi<{ entries: CatalogSummary[] }>('/api/catalog')
  const entries = new Map(
    catalog.resource.status === 'ready' ? catalog.resource.data.entries.map((e) => [e.id, e]) : [],
  )
  return (
    <>
      <PageHeader
        title="Apps"
        description="The apps people get accounts in, and how Rollcall reaches each."
      />
      <Loaded resource={apps.resource} what="apps" retry={apps.reload}>
        {(data) => (
          <Table
            caption="Connected apps"
            captionHidden
            rows={data.apps}
            rowKey={(app) => app.id}
            empty={
              <>
                No apps connected yet:{' '}
                <code>rollcall app connect --workspace … --config-file app.json</code>.
              </>
            }
            columns={[
              { header: 'App', cell: (app) => <Link to={`/apps/${app.id}`}>{app.name}</Link> },
              {
                header: 'Catalog entry',
                cell: (app) => entries.get(app.catalogId)?.name ?? app.catalogId,
              },
              {
                header: 'Reached through',
                cell: (app) => {
                  const kind = entries.get(app.catalogId)?.connector
                  return kind ? CONNECTORS[kind] : '—'
                },
              },
              { header: 'Assignment', cell: (app) => describeAssignment(app.assignment) },
              { header: 'Connection', cell: (app) => <HealthBadge appId={app.id} /> },
            ]}
          />
        )}
      </Loaded>
    </>
  )
}
