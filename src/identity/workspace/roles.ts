import { SCOPES, type Scope } from '../../platform/auth/index.js'

/** Roles of the people who sign in to the hub (seed 002: workspace owner, admin, member). */
export const ROLES = ['owner', 'admin', 'member'] as const
export type Role = (typeof ROLES)[number]

// Seed 002: SCIM and SAML management need a workspace admin or owner; members may only look.
const PERMISSIONS: Readonly<Record<Role, readonly Scope[]>> = {
  owner: SCOPES,
  admin: SCOPES,
  member: ['integrations:read'],
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

/** The management permissions a role holds; a session or user token never exceeds them. */
export function permissionsFor(role: Role): readonly Scope[] {
  return PERMISSIONS[role]
}
