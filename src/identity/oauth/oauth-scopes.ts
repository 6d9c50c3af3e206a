import { SCOPES, type Scope } from '../../platform/auth/index.js'

/**
 * Scopes that concern only the signed-in person: OpenID Connect's `openid` and `offline_access`
 * (a refresh token), and `user.read` (seed 002: UserInfo needs it). Any role may grant them.
 */
export const IDENTITY_SCOPES = ['openid', 'offline_access', 'user.read'] as const

/** Every scope an OAuth app may be allowed: identity scopes and the management permissions. */
export const APP_SCOPES: readonly string[] = [...IDENTITY_SCOPES, ...SCOPES]

/** Scopes an API connection may be allowed: management permissions only (no user behind it). */
export const CONNECTION_SCOPES: readonly Scope[] = SCOPES

export function splitScopes(value: string | readonly string[]): string[] {
  const names = typeof value === 'string' ? value.split(/[\s,]+/) : [...value]
  return [...new Set(names.map((s) => s.trim()).filter((s) => s !== ''))]
}
