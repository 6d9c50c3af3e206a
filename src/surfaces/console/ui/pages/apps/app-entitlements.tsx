import { type MouseEvent, useRef, useState } from 'react'
import { type EntitlementFilter, entitlementsPath, listEntitlements } from '../../api/access.js'
import type { App, CatalogEntry, EntitlementView } from '../../api/types.js'
import { useApi, useResource } from '../../app/resource.js'
import { Badge } from '../../components/badge.js'
import { DateTime, formatCount } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { Table } from '../../components/table.js'
import { PrivilegedBadge } from '../shared/privileged-badge.js'
import { EntitlementFilters } from './entitlement-filters.js'
import { EntitlementMembers } from './entitlement-members.js'
import { describeEntitlements, isFiltered, unlistedReason } from './entitlement-words.js'

/**
 * The app's groups, roles, licenses and permissions (issue 15) with how many accounts hold each,
 * filtered by kind and name, and the members of one on demand.
 */
export function AppEntitlements({ app }: { app: App }) {
  const [filter, setFilter] = useState<EntitlementFilter>({})
  const [open, setOpen] = useState<EntitlementView | null>(null)
  // The button that opened the members panel gets focus back when the panel closes.
  const opener = useRef<HTMLButtonElement | null>(null)
  const { resource, reload } = useResource(entitlementsPath(app.id, filter), (api) =>
    listEntitlements(api, app.id, filter),
  )
  const show = (entitlement: EntitlementView, event: MouseEvent<HTMLButtonElement>) => {
    opener.current = event.currentTarget
    setOpen(entitlement)
  }
  const close = () => {
    setOpen(null)
    opener.current?.focus()
  }
  return (
    <>
      <EntitlementFilters filter={filter} onChange={setFilter} />
      <Loaded resource={resource} what="entitlements" retry={reload}>
        {({ items }) =>
          items.length === 0 ? (
            <NoEntitlements app={app} filtered={isFiltered(filter)} />
          ) : (
            <>
              <p role="status">{describeEntitlements(items, filter.kind)}</p>
              <EntitlementsTable app={app} items={items} onShowMembers={show} />
            </>
          )
        }
      </Loaded>
      {open ? <EntitlementMembers app={app} entitlement={open} onClose={close} /> : null}
    </>
  )
}

function EntitlementsTable({
  app,
  items,
  onShowMembers,
}: {
  app: App
  items: EntitlementView[]
  onShowMembers: (entitlement: EntitlementView, event: MouseEvent<HTMLButtonElement>) => void
}) {
  return (
    <Table
      caption={`Entitlements in ${app.name}`}
      captionHidden
      rows={items}
      rowKey={(e) => e.id}
      empty=""
      columns={[
        { header: 'Name', cell: (e) => <EntitlementName entitlement={e} /> },
        { header: 'Kind', cell: (e) => e.kind },
        { header: 'Members', kind: 'num', cell: (e) => formatCount(e.members) },
        { header: 'First seen', cell: (e) => <DateTime value={e.firstSeenAt} /> },
        {
          header: 'Accounts',
          cell: (e) => (
            <button
              type="button"
              className="button button-quiet"
              onClick={(event) => onShowMembers(e, event)}
            >
              Show members<span className="visually-hidden"> of {e.displayName}</span>
            </button>
          ),
        },
      ]}
    />
  )
}

function EntitlementName({ entitlement: e }: { entitlement: EntitlementView }) {
  return (
    <>
      {e.displayName}
      {e.privileged ? (
        <>
          {' '}
          <PrivilegedBadge />
        </>
      ) : null}
      {e.removedAt ? (
        <>
          {' '}
          <Badge tone="neutral">removed</Badge>
        </>
      ) : null}
      {e.description ? <div className="muted">{e.description}</div> : null}
    </>
  )
}

/** The empty list in words, and why, when the catalog says the connector cannot list any. */
function NoEntitlements({ app, filtered }: { app: App; filtered: boolean }) {
  const { resource } = useApi<CatalogEntry>(`/api/catalog/${encodeURIComponent(app.catalogId)}`)
  if (filtered) return <p className="empty">No entitlements match these filters.</p>
  const reason =
    resource.status === 'ready' ? unlistedReason(app.name, resource.data.entitlements) : null
  return (
    <>
      <p className="empty">This app lists no entitlements.</p>
      {reason ? <p className="muted">{reason}</p> : null}
    </>
  )
}
