/** Management permissions (workspace/scopes.ts); API connections may hold these only. */
export const MANAGEMENT_SCOPES = [
  'scim:manage',
  'saml:manage',
  'integrations:read',
  'integrations:manage',
  'audit:read',
] as const

/** What an OAuth app may ask for: identity scopes, then the management permissions. */
export const APP_SCOPES = ['openid', 'offline_access', 'user.read', ...MANAGEMENT_SCOPES] as const

/** Non-empty lines or comma-separated items of a text field. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}
