import type { Person } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { personName } from '../people/person-name.js'

/** A link to a person, named once their record has loaded (their id until then). */
export function PersonLink({ id }: { id: string }) {
  const { resource } = useApi<Person>(`/api/people/${encodeURIComponent(id)}`)
  const label = resource.status === 'ready' ? personName(resource.data) : id
  return <Link to={`/people/${encodeURIComponent(id)}`}>{label}</Link>
}
