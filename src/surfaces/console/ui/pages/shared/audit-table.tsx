import type { AuditEntry, Member } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { DateTime } from '../../components/format.js'
import { type Column, Table } from '../../components/table.js'

/** Pages of the console an audit target links to, by target type. */
const TARGET_PAGES: Record<string, (id: string) => string> = {
  person: (id) => `/people/${encodeURIComponent(id)}`,
  app: (id) => `/apps/${encodeURIComponent(id)}`,
}

/** Audit entries as a table; actors that are members are named by their email. */
export function AuditTable({
  entries,
  caption,
  captionHidden,
  showChanges = false,
}: {
  entries: readonly AuditEntry[]
  caption: string
  captionHidden?: boolean
  showChanges?: boolean
}) {
  const { resource } = useApi<{ members: Member[] }>('/api/members')
  const members =
    resource.status === 'ready' ? new Map(resource.data.members.map((m) => [m.id, m.email])) : null
  const columns: Array<Column<AuditEntry>> = [
    { header: 'When', cell: (entry) => <DateTime value={entry.at} /> },
    { header: 'Action', cell: (entry) => <code>{entry.action}</code> },
    { header: 'Target', cell: (entry) => <Target entry={entry} /> },
    { header: 'By', cell: (entry) => actorName(entry.actor, members) },
  ]
  if (showChanges) columns.push({ header: 'Changes', cell: (entry) => <Changes entry={entry} /> })
  return (
    <Table
      caption={caption}
      captionHidden={captionHidden ?? false}
      rows={entries}
      columns={columns}
      rowKey={(entry) => entry.id}
      empty="No audit entries match."
    />
  )
}

function Target({ entry }: { entry: AuditEntry }) {
  const { type, id } = entry.target
  const page = id ? TARGET_PAGES[type] : undefined
  const label = `${type}${id ? ` ${id}` : ''}`
  return page && id ? <Link to={page(id)}>{label}</Link> : <span className="break">{label}</span>
}

function actorName(actor: AuditEntry['actor'], members: Map<string, string> | null): string {
  if (actor.type === 'user' && actor.id) return members?.get(actor.id) ?? `member ${actor.id}`
  return actor.id ? `${actor.type.replace('_', ' ')} ${actor.id}` : actor.type
}

function Changes({ entry }: { entry: AuditEntry }) {
  if (entry.before === null && entry.after === null) return <span className="muted">—</span>
  return (
    <details>
      <summary>Before and after</summary>
      {entry.before !== null ? (
        <>
          <p className="label">Before</p>
          <pre>{JSON.stringify(entry.before, null, 2)}</pre>
        </>
      ) : null}
      {entry.after !== null ? (
        <>
          <p className="label">After</p>
          <pre>{JSON.stringify(entry.after, null, 2)}</pre>
        </>
      ) : null}
    </details>
  )
}
