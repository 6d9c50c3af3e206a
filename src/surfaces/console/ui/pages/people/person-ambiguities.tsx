import type { Ambiguity, PersonDetail } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { Table } from '../../components/table.js'
import { PersonLink } from '../shared/person-link.js'

/** Source records that matched this person and someone else: correlation could not decide. */
export function PersonAmbiguities({ person }: { person: PersonDetail }) {
  const { resource, reload } = useApi<{ ambiguities: Ambiguity[] }>('/api/people-ambiguities')
  return (
    <Loaded resource={resource} what="ambiguous matches" retry={reload}>
      {({ ambiguities }) => {
        const mine = ambiguities.filter((a) => a.candidates.some((c) => c.personId === person.id))
        return (
          <Table
            caption="Ambiguous matches"
            captionHidden
            rows={mine}
            rowKey={(a) => `${a.sourceId}:${a.recordKey}`}
            empty="None: every record of this person matched one person only."
            columns={[
              { header: 'Record key', cell: (a) => <code className="break">{a.recordKey}</code> },
              { header: 'Why', cell: (a) => a.reason },
              { header: 'Also matched', cell: (a) => <Others ambiguity={a} self={person.id} /> },
              { header: 'Since', cell: (a) => <DateTime value={a.updatedAt} /> },
            ]}
          />
        )
      }}
    </Loaded>
  )
}

function Others({ ambiguity, self }: { ambiguity: Ambiguity; self: string }) {
  const others = ambiguity.candidates.filter((c) => c.personId !== self)
  if (others.length === 0) return <>—</>
  return (
    <ul className="inline-list">
      {others.map((c) => (
        <li key={c.personId}>
          <PersonLink id={c.personId} /> on {c.matchedOn.join(', ')}
        </li>
      ))}
    </ul>
  )
}
