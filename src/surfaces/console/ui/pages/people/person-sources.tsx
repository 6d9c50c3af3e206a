import type { PersonDetail, Source } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { DateTime } from '../../components/format.js'
import { Table } from '../../components/table.js'

/** The source records merged into this person: which source, its key, whether it says they left. */
export function PersonSources({ person }: { person: PersonDetail }) {
  const { resource } = useApi<{ sources: Source[] }>('/api/sources')
  const names = new Map(
    resource.status === 'ready'
      ? resource.data.sources.map((s) => [s.id, `${s.name} (${s.kind})`])
      : [],
  )
  return (
    <Table
      caption="Source records"
      captionHidden
      rows={person.records}
      rowKey={(r) => `${r.sourceId}:${r.key}`}
      empty="No source holds a record of this person any more."
      columns={[
        { header: 'Source', cell: (r) => names.get(r.sourceId) ?? r.sourceId },
        { header: 'Record key', cell: (r) => <code className="break">{r.key}</code> },
        { header: 'Updated', cell: (r) => <DateTime value={r.updatedAt} /> },
        {
          header: 'Says they left',
          cell: (r) => (r.goneAt ? <DateTime value={r.goneAt} /> : 'No'),
        },
      ]}
    />
  )
}
