import type {
  Account,
  Configuration,
  FindAccount,
  KoaContextWithOIDC,
  default as Provider,
} from 'oidc-provider'
import { digestsEqual, hashToken } from '../../shared/crypto/tokens.js'
import type { Logger } from '../../shared/logger.js'
import type { ConsoleSessionService, MemberService, SessionCookie } from '../members/index.js'
import { isAddressAllowed } from './ip-allowlist.js'

/** oidc-provider's runtime module, loaded by the server only (see provider.ts). */
export type OidcModule = typeof import('oidc-provider')

export type HookDeps = {
  members: Pick<MemberService, 'findById'>
  sessions: Pick<ConsoleSessionService, 'resume'>
  cookie: SessionCookie
  log: Logger
}

/**
 * Accounts are members. UserInfo answers only to access tokens carrying `user.read` (seed 002);
 * oidc-provider itself already demands `openid` there (OpenID Connect Core §5.3).
 */
export function findAccount(oidc: OidcModule, deps: HookDeps): FindAccount {
  return async (ctx, sub, token): Promise<Account | undefined> => {
    if (ctx.oidc.route === 'userinfo' && token && !token.scopes.has('user.read')) {
      throw new oidc.errors.InsufficientScope('access token missing user.read scope', 'user.read')
    }
    const member = await deps.members.findById(sub)
    // A member answers only for clients of their own workspace (sign-in already ensures it).
    const workspaceId = ctx.oidc.client?.rollcall_workspace_id
    if (!member || (workspaceId !== undefined && workspaceId !== member.workspaceId))
      return undefined
    return {
      accountId: member.id,
      claims: () => ({
        sub: member.id,
        email: member.email,
        role: member.role,
        workspace_id: member.workspaceId,
      }),
    }
  }
}

/**
 * The login prompt also fires when the hub's console session is gone or belongs to someone else
 * than the provider's session, or to another workspace than the app's: signing out of the console
 * signs out of every authorization, and no member authorises another workspace's app.
 */
export function consoleSessionCheck(oidc: OidcModule, deps: HookDeps) {
  const { Check } = oidc.interactionPolicy
  return new Check(
    'console_session',
    'End-User must be signed in to the hub, in the workspace of the client',
    async (ctx: KoaContextWithOIDC) => {
      const token = deps.cookie.read(ctx.get('cookie') || undefined)
      const session = token ? await deps.sessions.resume(token) : undefined
      const sameMember = session !== undefined && session.member.id === ctx.oidc.session?.accountId
      const sameWorkspace = session?.member.workspaceId === ctx.oidc.client?.rollcall_workspace_id
      return sameMember && sameWorkspace ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT
    },
  )
}

/**
 * Client authentication with hashed secrets: oidc-provider holds only the SHA-256 of a client's
 * secret (RFC 6819 §5.1.4.1.3), and this documented override of `compareClientSecret` (added for
 * exactly this, oidc-provider issue #631) hashes what the client presents. The egress IP
 * allowlist of an API connection is part of its authentication (seed 003): from any other
 * address the client is not authenticated, at the token, revocation and introspection endpoints
 * alike (RFC 6749 §5.2 invalid_client, 401).
 */
export function installClientAuthentication(provider: Provider, oidc: OidcModule): void {
  provider.Client.prototype.compareClientSecret = function compareClientSecret(presented: string) {
    const stored = this.clientSecret
    if (!stored || !digestsEqual(stored, hashToken(presented))) return false
    if (this.rollcall_kind !== 'connection') return true
    const allowlist = Array.isArray(this.rollcall_allowed_ips) ? this.rollcall_allowed_ips : []
    const address = oidc.Provider.ctx?.ip
    if (!isAddressAllowed(allowlist, address)) {
      throw new oidc.errors.InvalidClientAuth(
        `request from ${address ?? 'an unknown address'} is outside the connection's allowlist`,
      )
    }
    return true
  }
}

/**
 * The page a browser sees when the authorization request cannot be answered by a redirect: an
 * unregistered redirect_uri or an unknown client must never send the user anywhere (RFC 9700
 * §4.1, RFC 6749 §4.1.2.1).
 */
export const renderError: NonNullable<Configuration['renderError']> = (ctx, out) => {
  ctx.type = 'html'
  const rows = Object.entries(out)
    .map(
      ([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(String(value))}</p>`,
    )
    .join('')
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorization failed</title></head><body><h1>This authorization request cannot be completed</h1>${rows}</body></html>`
}

/** Logs what needs an operator (server errors) and client mistakes at debug, never secrets. */
export function listen(provider: Provider, log: Logger): void {
  provider.on('server_error', (_ctx: KoaContextWithOIDC, error: Error) => {
    log.error({ err: error }, 'oauth: server error')
  })
  const refused = (event: string) => (ctx: KoaContextWithOIDC, error: Error) => {
    const detail = (error as { error_detail?: unknown }).error_detail
    log.debug({ event, route: ctx.oidc?.route, error: error.message, detail }, 'oauth: refused')
  }
  provider.on('grant.error', refused('grant.error'))
  provider.on('authorization.error', refused('authorization.error'))
  provider.on('introspection.error', refused('introspection.error'))
  provider.on('revocation.error', refused('revocation.error'))
  provider.on('userinfo.error', refused('userinfo.error'))
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
