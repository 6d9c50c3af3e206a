import type { Member } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { Table } from '../../components/table.js'

/** Who signs in to this workspace and with which role. */
export function Members() {
  const { resource, reload } = useApi<{ members: Member[] }>('/api/members')
  return (
    <Loaded resource={resource} what="members" retry={reload}>
      {({ members }) => (
        <>
          <Table
            caption="Members"
            captionHidden
            rows={members}
            rowKey={(m) => m.id}
            empty="No members."
            columns={[
              { header: 'Email', cell: (m) => m.email },
              { header: 'Name', cell: (m) => m.displayName ?? '—' },
              { header: 'Role', cell: (m) => m.role },
              {
                header: 'Signs in with',
                cell: (m) => (m.hasPassword ? 'Password or SSO' : 'SSO only'),
              },
              { header: 'Since', cell: (m) => <DateTime value={m.createdAt} /> },
            ]}
          />
          <p className="muted">
            Add members with <code>rollcall user create</code>, or let SAML create them on first
            sign-in.
          </p>
        </>
      )}
    </Loaded>
  )
}
