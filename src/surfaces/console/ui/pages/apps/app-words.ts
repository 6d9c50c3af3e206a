import type { Assignment } from '../../api/types.js'

/** How Rollcall reaches an app, by the catalog's connector. */
export const CONNECTORS: Record<'scim' | 'okta' | 'manual', string> = {
  scim: 'SCIM 2.0',
  okta: 'Okta Users API',
  manual: 'Manual tasks',
}

/** Who gets an account, in a phrase. */
export function describeAssignment(assignment: Assignment): string {
  if ('all' in assignment) return 'Everyone'
  if ('filter' in assignment) return `People matching ${assignment.filter}`
  return `${assignment.people.length} named ${assignment.people.length === 1 ? 'person' : 'people'}`
}
