import type { App } from '../../api/types.js'
import type { PageProps } from '../../app/pages.js'
import { useApi } from '../../app/resource.js'
import { useSession } from '../../app/session.js'
import { Fact, Facts } from '../../components/facts.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { PageHeader } from '../../components/page-header.js'
import { Section } from '../../components/section.js'
import { appSections } from './app-sections.js'
import { describeAssignment } from './app-words.js'

/** One app: what it is, how its connection is doing, who gets an account, and its tasks. */
export function AppPage({ params }: PageProps) {
  const id = params.id ?? ''
  const { resource, reload } = useApi<App>(`/api/apps/${encodeURIComponent(id)}`)
  const { can } = useSession()
  const title = resource.status === 'ready' ? resource.data.name : 'App'
  return (
    <>
      <PageHeader title={title} />
      <Loaded resource={resource} what="this app" retry={reload}>
        {(app) => (
          <>
            <Facts>
              <Fact label="Catalog entry">
                <code>{app.catalogId}</code>
              </Fact>
              <Fact label="Owner">{app.owner ?? '—'}</Fact>
              <Fact label="Who gets an account">{describeAssignment(app.assignment)}</Fact>
              <Fact label="Connected">
                <DateTime value={app.createdAt} />
              </Fact>
            </Facts>
            {appSections
              .filter((s) => !s.requires || can(s.requires))
              .map((section) => (
                <Section key={section.id} title={section.title}>
                  <section.component app={app} />
                </Section>
              ))}
          </>
        )}
      </Loaded>
    </>
  )
}
