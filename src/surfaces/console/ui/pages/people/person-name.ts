import type { Person } from '../../api/types.js'

/** What to call a person: the display name, else given and family name, else the user name. */
export function personName(person: Pick<Person, 'displayName' | 'userName' | 'resource'>): string {
  if (person.displayName) return person.displayName
  const name = person.resource.name
  if (typeof name === 'object' && name !== null) {
    const { givenName, familyName } = name as { givenName?: unknown; familyName?: unknown }
    const parts = [givenName, familyName].filter(
      (p): p is string => typeof p === 'string' && p !== '',
    )
    if (parts.length > 0) return parts.join(' ')
  }
  return person.userName
}
