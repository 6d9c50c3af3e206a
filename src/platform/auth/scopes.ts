/**
 * Permissions of the management API. A management token carries a set of them; OAuth access
 * tokens (a later issue) carry the same names as scopes.
 */
export const SCOPES = [
  'scim:manage',
  'saml:manage',
  'integrations:read',
  'integrations:manage',
  'audit:read',
] as const
export type Scope = (typeof SCOPES)[number]

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value)
}

/** Parses `a,b c` (comma or space separated) into scopes; unknown names are returned apart. */
export function parseScopes(text: string | readonly string[]): {
  scopes: Scope[]
  unknown: string[]
} {
  const names = (typeof text === 'string' ? text.split(/[\s,]+/) : [...text]).filter(
    (s) => s !== '',
  )
  const scopes = [...new Set(names.filter(isScope))]
  return { scopes, unknown: names.filter((n) => !isScope(n)) }
}
