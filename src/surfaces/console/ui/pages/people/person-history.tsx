import { withQuery } from '../../api/client.js'
import type { AuditPage, PersonDetail } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { Loaded } from '../../components/loaded.js'
import { AuditTable } from '../shared/audit-table.js'

/** The audit trail of this person, newest first. */
export function PersonHistory({ person }: { person: PersonDetail }) {
  const path = withQuery('/api/audit', { targetType: 'person', targetId: person.id, limit: 20 })
  const { resource, reload } = useApi<AuditPage>(path)
  return (
    <Loaded resource={resource} what="history" retry={reload}>
      {({ entries }) => (
        <>
          <AuditTable
            entries={entries}
            caption="Changes to this person"
            captionHidden
            showChanges
          />
          <p>
            <Link to={withQuery('/audit', { targetType: 'person', targetId: person.id })}>
              The whole trail of this person
            </Link>
          </p>
        </>
      )}
    </Loaded>
  )
}
