import {
  type Authenticator,
  bearerToken,
  type Principal,
  parseScopes,
  type Scope,
} from '../../platform/auth/index.js'
import type { Db } from '../../platform/store/index.js'
import type { MemberService } from '../members/index.js'
import { permissionsFor } from '../workspace/index.js'
import type { ArtifactPayload, ArtifactStore } from './artifact-store.js'
import { type ClientRow, findClientRow, stringList } from './client-store.js'
import { isAddressAllowed } from './ip-allowlist.js'
import { oauthErrors } from './oauth-errors.js'
import { splitScopes } from './oauth-scopes.js'

export type TokenAuthDeps = {
  db: Db
  artifacts: Pick<ArtifactStore, 'find' | 'findAccessToken'>
  members: Pick<MemberService, 'findById'>
}

/**
 * Access tokens of our provider as a way into the management API (RFC 6750 bearer tokens). The
 * permissions are the token's scopes, never more than the client is allowed now, and for a user's
 * token never more than the member's role allows now. API connection tokens work only from the
 * connection's egress IP allowlist (seed 003).
 */
export function createOAuthTokenAuthenticator(deps: TokenAuthDeps): Authenticator {
  return async (request) => {
    const value = bearerToken(request)
    // Management and SCIM tokens carry an rc_ prefix; provider tokens never do.
    if (!value || value.startsWith('rc_')) return undefined
    const token = await deps.artifacts.findAccessToken(value)
    const clientId = token?.payload.clientId
    const client = typeof clientId === 'string' ? await findClientRow(deps.db, clientId) : undefined
    if (!token || !client) return undefined
    const scopes = allowedScopes(token.payload, client)
    if (token.model === 'ClientCredentials') {
      if (client.kind !== 'connection') return undefined
      if (!isAddressAllowed(stringList(client.allowed_ips), request.ip)) {
        throw oauthErrors.error('ADDRESS_NOT_ALLOWED')
      }
      return principal(client, scopes, { type: 'oauth_client', id: client.id })
    }
    return userPrincipal(deps, token.payload, client, scopes)
  }
}

async function userPrincipal(
  deps: TokenAuthDeps,
  payload: ArtifactPayload,
  client: ClientRow,
  scopes: Scope[],
): Promise<Principal | undefined> {
  // A token lives only as long as its grant: a revoked grant (code or refresh token reuse,
  // RFC 9700 §4.14.2) takes every token issued under it along, even one saved a moment later.
  const { grantId, accountId } = payload
  if (typeof grantId !== 'string' || typeof accountId !== 'string') return undefined
  if (!(await deps.artifacts.find('Grant', grantId))) return undefined
  const member = await deps.members.findById(accountId)
  if (!member || member.workspaceId !== client.workspace_id) return undefined
  const role: readonly string[] = permissionsFor(member.role)
  return principal(
    client,
    scopes.filter((s) => role.includes(s)),
    { type: 'user', id: member.id },
  )
}

function allowedScopes(payload: ArtifactPayload, client: ClientRow): Scope[] {
  const allowed = splitScopes(client.scopes)
  const granted = parseScopes(typeof payload.scope === 'string' ? payload.scope : '').scopes
  return granted.filter((s) => allowed.includes(s))
}

function principal(client: ClientRow, scopes: Scope[], actor: Principal['actor']): Principal {
  return {
    kind: 'oauth_token',
    workspaceId: client.workspace_id,
    tokenId: client.id,
    scopes,
    actor,
  }
}
