/**
 * People who sign in to the hub: members of a workspace with a role (owner, admin, member), their
 * passwords (scrypt), console sessions with CSRF tokens, and the `/auth` routes.
 */
export { type AuthRoutesDeps, authRoutes } from './auth-routes.js'
export {
  type ConsoleSession,
  type ConsoleSessionService,
  createConsoleSessionService,
  SESSION_TTL_MS,
} from './console-sessions.js'
export { memberErrors } from './member-errors.js'
/** A member's email by id, read with the caller's executor (inside its transaction, if any). */
export { memberEmail } from './member-store.js'
export { createMemberService, type Member, type MemberService } from './members.js'
/** `GET /api/members`. */
export { type MembersRoutesDeps, membersRoutes } from './members-routes.js'
export { DEFAULT_SCRYPT, hashPassword, type ScryptParams, verifyPassword } from './passwords.js'
export {
  createSessionAuthenticator,
  presentedCsrfToken,
  requireCsrfSafeSession,
  type SessionAuthDeps,
} from './session-auth.js'
export { createSessionCookie, readCookie, type SessionCookie } from './session-cookie.js'
export type { PasswordSignInPolicy } from './sign-in-policy.js'
