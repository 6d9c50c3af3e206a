import { useEffect, useId, useRef } from 'react'
import { entitlementGrantsPath, listEntitlementGrants } from '../../api/access.js'
import type { App, EntitlementMember, EntitlementView } from '../../api/types.js'
import { useResource } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { Table } from '../../components/table.js'
import { PrivilegedBadge } from '../shared/privileged-badge.js'
import { describeMembers } from './entitlement-words.js'

/**
 * The accounts that hold one entitlement, and whose they are: a panel under the list. It takes
 * focus when it opens (its heading), so a keyboard or screen-reader user lands on it.
 */
export function EntitlementMembers({
  app,
  entitlement,
  onClose,
}: {
  app: App
  entitlement: EntitlementView
  onClose: () => void
}) {
  const { resource, reload } = useResource(entitlementGrantsPath(app.id, entitlement.id), (api) =>
    listEntitlementGrants(api, app.id, entitlement.id),
  )
  const headingId = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (entitlement.id) heading.current?.focus()
  }, [entitlement.id])
  const name = entitlement.displayName
  return (
    <section className="members-panel" aria-labelledby={headingId}>
      <div className="section-header">
        <h3 id={headingId} ref={heading} tabIndex={-1}>
          Members of {name}
        </h3>
        <div className="section-actions">
          <button type="button" className="button button-quiet" onClick={onClose}>
            Close<span className="visually-hidden"> the members of {name}</span>
          </button>
        </div>
      </div>
      <Loaded resource={resource} what={`the members of ${name}`} retry={reload}>
        {(data) => (
          <>
            <p>
              {data.entitlement.kind}, {describeMembers(data.items.length)}
              {data.entitlement.privileged ? (
                <>
                  {' '}
                  <PrivilegedBadge />
                </>
              ) : null}
            </p>
            <MembersTable name={name} members={data.items} />
          </>
        )}
      </Loaded>
    </section>
  )
}

function MembersTable({ name, members }: { name: string; members: EntitlementMember[] }) {
  return (
    <Table
      caption={`Members of ${name}`}
      captionHidden
      rows={members}
      rowKey={(m) => m.accountId}
      empty={`No account holds ${name} now.`}
      columns={[
        {
          header: 'Person',
          cell: (m) =>
            m.personId ? (
              <Link to={`/people/${encodeURIComponent(m.personId)}`}>
                {m.personName ?? m.personEmail ?? m.userName}
              </Link>
            ) : (
              <span className="muted">not linked to anyone</span>
            ),
        },
        { header: 'Email', cell: (m) => m.personEmail ?? '—' },
        { header: 'Account', cell: (m) => m.userName },
        { header: 'Since', cell: (m) => <DateTime value={m.since} /> },
      ]}
    />
  )
}
