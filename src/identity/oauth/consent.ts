import { isScope } from '../../platform/auth/index.js'
import type { Role } from '../workspace/index.js'
import { permissionsFor } from '../workspace/index.js'

/** What a member's consent grants, and what their role cannot grant and is trimmed. */
export type ConsentPlan = { granted: string[]; trimmed: string[] }

/**
 * Role-aware consent (seed 002, "role-aware granted scope trimming at consent time"): a member
 * grants an app at most the management permissions of their role; identity scopes (`openid`,
 * `offline_access`, `user.read`) are theirs to give. The app's own allowed scopes were checked
 * by the provider before (RFC 6749 §3.3, invalid_scope).
 */
export function planConsent(requested: readonly string[], role: Role): ConsentPlan {
  const permissions: readonly string[] = permissionsFor(role)
  const granted: string[] = []
  const trimmed: string[] = []
  for (const scope of new Set(requested)) {
    if (!isScope(scope) || permissions.includes(scope)) granted.push(scope)
    else trimmed.push(scope)
  }
  return { granted, trimmed }
}

/** The parts of oidc-provider's Grant that consent writes. */
export type ConsentGrant = {
  addOIDCScope(scope: string): unknown
  rejectOIDCScope(scope: string): unknown
  addOIDCClaims(claims: string[]): unknown
}

/**
 * Writes a consent into a grant. Trimmed scopes are recorded as rejected, so the provider's
 * consent check ("requested scopes not granted") does not ask again on every authorization.
 */
export function applyConsent(
  grant: ConsentGrant,
  plan: ConsentPlan,
  claims: readonly string[],
): void {
  if (plan.granted.length > 0) grant.addOIDCScope(plan.granted.join(' '))
  if (plan.trimmed.length > 0) grant.rejectOIDCScope(plan.trimmed.join(' '))
  if (claims.length > 0) grant.addOIDCClaims([...claims])
}
