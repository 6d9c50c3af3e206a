import type { PersonDetail } from '../../api/types.js'
import type { PageProps } from '../../app/pages.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { useSession } from '../../app/session.js'
import { Fact, Facts } from '../../components/facts.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { useNotice } from '../../components/notice.js'
import { PageHeader } from '../../components/page-header.js'
import { Section } from '../../components/section.js'
import { personName } from './person-name.js'
import { OffboardingActions, PersonState } from './person-offboarding.js'
import { personSections } from './person-sections.js'

/** One person: who they are, where that comes from, and everything registered about them. */
export function PersonPage({ params }: PageProps) {
  const id = params.id ?? ''
  const { resource, reload } = useApi<PersonDetail>(`/api/people/${encodeURIComponent(id)}`)
  const { can } = useSession()
  const [notice, showNotice] = useNotice()
  const title = resource.status === 'ready' ? personName(resource.data) : 'Person'
  const changed = (message: string) => {
    showNotice(message)
    reload()
  }
  const actions =
    resource.status === 'ready' ? (
      <OffboardingActions person={resource.data} onChanged={changed} />
    ) : null
  return (
    <>
      <PageHeader title={title} actions={actions} />
      {notice}
      <p>
        <Link to={`/people/${encodeURIComponent(id)}/trace`}>
          Trace: what Rollcall did to this person, step by step
        </Link>
      </p>
      <Loaded resource={resource} what="this person" retry={reload}>
        {(person) => (
          <>
            <Summary person={person} />
            {personSections
              .filter((s) => !s.requires || can(s.requires))
              .map((section) => (
                <Section key={section.id} title={section.title}>
                  <section.component person={person} />
                </Section>
              ))}
          </>
        )}
      </Loaded>
    </>
  )
}

function Summary({ person }: { person: PersonDetail }) {
  return (
    <Facts>
      <Fact label="Status">
        <PersonState person={person} />
      </Fact>
      <Fact label="User name">{person.userName}</Fact>
      <Fact label="Email">{person.primaryEmail ?? '—'}</Fact>
      <Fact label="External id">{person.externalId ?? '—'}</Fact>
      <Fact label="First seen">
        <DateTime value={person.createdAt} />
      </Fact>
      <Fact label="Last changed">
        <DateTime value={person.updatedAt} /> (version {person.version})
      </Fact>
    </Facts>
  )
}
