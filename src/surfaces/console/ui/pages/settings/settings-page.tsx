import { useSession } from '../../app/session.js'
import { PageHeader } from '../../components/page-header.js'
import { Section } from '../../components/section.js'
import { settingsSections } from './settings-sections.js'

/** How the workspace connects to the outside: SCIM directories, OAuth, API connections, SAML. */
export function SettingsPage() {
  const { can } = useSession()
  const sections = settingsSections.filter((s) => can(s.requires))
  return (
    <>
      <PageHeader
        title="Settings"
        description="Integrations of this workspace. Secrets are shown once, when they are issued."
      />
      <nav aria-label="Settings sections" className="toc">
        <ul>
          {sections.map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`}>{section.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {sections.map((section) => (
        <div id={section.id} key={section.id} className="anchor">
          <Section title={section.title}>
            <section.component />
          </Section>
        </div>
      ))}
    </>
  )
}
