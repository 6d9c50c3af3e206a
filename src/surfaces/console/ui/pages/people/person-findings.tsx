import type { FindingsPage, PersonDetail } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Loaded } from '../../components/loaded.js'
import { FindingsTable } from '../findings/findings-table.js'
import { useApps } from '../shared/app-names.js'

/** What reconciliation found about this person, in every app. */
export function PersonFindings({ person }: { person: PersonDetail }) {
  const { resource, reload } = useApi<FindingsPage>(
    `/api/findings?person=${encodeURIComponent(person.id)}&limit=500`,
  )
  const apps = useApps()
  return (
    <Loaded resource={resource} what="findings" retry={reload}>
      {({ findings }) => (
        <FindingsTable
          findings={findings}
          apps={apps}
          caption="Findings about this person"
          empty="Nothing to fix: every app agrees with who this person is."
        />
      )}
    </Loaded>
  )
}
