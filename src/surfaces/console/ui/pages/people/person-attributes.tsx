import type { PersonDetail, ScimResource } from '../../api/types.js'
import { Fact, Facts } from '../../components/facts.js'

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

type Multi = Array<{ value?: unknown; display?: unknown; type?: unknown; primary?: unknown }>

/** The SCIM attributes people ask about, then the whole canonical record. */
export function PersonAttributes({ person }: { person: PersonDetail }) {
  const resource = person.resource
  const name = record(resource.name)
  const enterprise = record(resource[ENTERPRISE])
  return (
    <>
      <Facts>
        <Fact label="Given name">{text(name.givenName)}</Fact>
        <Fact label="Family name">{text(name.familyName)}</Fact>
        <Fact label="Title">{text(resource.title)}</Fact>
        <Fact label="Department">{text(enterprise.department)}</Fact>
        <Fact label="Employee number">{text(enterprise.employeeNumber)}</Fact>
        <Fact label="Manager">{text(record(enterprise.manager).value)}</Fact>
        <Fact label="Emails">{values(resource.emails)}</Fact>
        <Fact label="Groups">{values(resource.groups)}</Fact>
      </Facts>
      <details>
        <summary>All attributes (SCIM JSON)</summary>
        <pre>{JSON.stringify(resource, null, 2)}</pre>
      </details>
    </>
  )
}

function record(value: unknown): ScimResource {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as ScimResource)
    : {}
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '—'
}

function values(value: unknown) {
  if (!Array.isArray(value) || value.length === 0) return '—'
  const items = (value as Multi).map((item) => {
    const label = text(item.display ?? item.value)
    const type = typeof item.type === 'string' ? ` (${item.type})` : ''
    return `${label}${type}${item.primary === true ? ', primary' : ''}`
  })
  return (
    <ul className="inline-list">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  )
}
