import type { Source } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { DateTime, formatCount } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { Table } from '../../components/table.js'

const KINDS: Record<Source['kind'], string> = {
  okta: 'Okta (pulled)',
  scim: 'SCIM directory (pushed)',
  csv: 'CSV file',
}

/** Where people come from, and when each source last synced. */
export function SourcesSummary() {
  const { resource, reload } = useApi<{ sources: Source[] }>('/api/sources')
  return (
    <Loaded resource={resource} what="sources" retry={reload}>
      {({ sources }) => (
        <Table
          caption="Sources of people"
          captionHidden
          rows={sources}
          rowKey={(source) => source.id}
          empty={
            <>
              No sources yet: <code>rollcall source add scim|okta|csv</code>.
            </>
          }
          columns={[
            { header: 'Source', cell: (source) => source.name },
            { header: 'Kind', cell: (source) => KINDS[source.kind] },
            {
              header: 'Last sync',
              cell: (source) => <DateTime value={source.lastSyncAt} fallback="Never" />,
            },
            {
              header: 'Last full sync',
              cell: (source) => <DateTime value={source.lastFullSyncAt} fallback="Never" />,
            },
            {
              header: 'People at last full sync',
              kind: 'num',
              cell: (source) =>
                source.lastFullCount === null ? '—' : formatCount(source.lastFullCount),
            },
          ]}
        />
      )}
    </Loaded>
  )
}
