import { useSession } from '../../app/session.js'
import { PageHeader } from '../../components/page-header.js'
import { Section } from '../../components/section.js'
import { dashboardSections } from './sections.js'

/** The dashboard: one section per registered kind of data the member may read. */
export function DashboardPage() {
  const { can } = useSession()
  const sections = dashboardSections.filter((s) => !s.requires || can(s.requires))
  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Who works here, where they have accounts, and what needs doing."
      />
      <div className="dashboard">
        {sections.map((section) => (
          <Section key={section.id} title={section.title}>
            <section.component />
          </Section>
        ))}
      </div>
    </>
  )
}
