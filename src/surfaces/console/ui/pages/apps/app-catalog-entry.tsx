import type { App, CatalogEntry, Documented } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Fact, Facts } from '../../components/facts.js'
import { formatWindow, humanize } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { CONNECTORS } from './app-words.js'

/** What the catalog knows about the app: from its vendor's documentation, gaps said as gaps. */
export function AppCatalogEntry({ app }: { app: App }) {
  const { resource, reload } = useApi<CatalogEntry>(
    `/api/catalog/${encodeURIComponent(app.catalogId)}`,
  )
  return (
    <Loaded resource={resource} what="the catalog entry" retry={reload}>
      {(entry) => (
        <>
          <Facts>
            <Fact label="App">
              {entry.name} ({entry.category})
            </Fact>
            <Fact label="Reached through">{CONNECTORS[entry.integration.connector]}</Fact>
            <Fact label="SCIM">
              {entry.scim.available ? `Yes, SCIM ${entry.scim.version ?? ''}` : 'No'}
            </Fact>
            <Fact label="Authentication">{humanize(entry.auth.method)}</Fact>
            <Fact label="Operations">
              {entry.operations.length > 0
                ? entry.operations.map(humanize).join(', ')
                : 'None: no user API'}
            </Fact>
            <Fact label="Deactivation">
              {humanize(entry.deactivation.method)} ({entry.deactivation.semantics}, reversible:{' '}
              {documented(entry.deactivation.reversible)})
            </Fact>
            <Fact label="Deletion">
              {entry.deletion.supported ? `Yes (${entry.deletion.semantics})` : 'No'}
            </Fact>
            <Fact label="Rate limits">{rateLimits(entry)}</Fact>
          </Facts>
          <p className="muted">{entry.integration.reason}</p>
          <Notes title="Limitations" items={entry.limitations} />
          <Notes title="Watch out for" items={entry.watchOutFor ?? []} />
        </>
      )}
    </Loaded>
  )
}

function documented(value: Documented<boolean>): string {
  return value.documented ? (value.value ? 'yes' : 'no') : 'not documented'
}

function rateLimits(entry: CatalogEntry): string {
  const published = entry.rateLimits.published
  if (published.length === 0) return 'None published'
  return published
    .map((l) => `${l.requests} per ${formatWindow(l.windowMs)} (${l.scope})`)
    .join('; ')
}

function Notes({ title, items }: { title: string; items: readonly string[] }) {
  if (items.length === 0) return null
  return (
    <>
      <h3>{title}</h3>
      <ul>
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </>
  )
}
