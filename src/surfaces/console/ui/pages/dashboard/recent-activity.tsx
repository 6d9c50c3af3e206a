import type { AuditPage } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { Loaded } from '../../components/loaded.js'
import { AuditTable } from '../shared/audit-table.js'

/** The newest audit entries. */
export function RecentActivity() {
  const { resource, reload } = useApi<AuditPage>('/api/audit?limit=8')
  return (
    <Loaded resource={resource} what="recent activity" retry={reload}>
      {({ entries }) => (
        <>
          <AuditTable entries={entries} caption="Newest audit entries" captionHidden />
          <p>
            <Link to="/audit">Open the audit log</Link>
          </p>
        </>
      )}
    </Loaded>
  )
}
