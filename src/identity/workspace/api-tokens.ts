import type { Actor, AuditLog } from '../../platform/audit/index.js'
import { type Principal, parseScopes, type Scope } from '../../platform/auth/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import { digestsEqual, hashToken, issueToken } from '../../shared/crypto/tokens.js'
import type { IdGenerator } from '../../shared/ids.js'
import { apiTokenStore } from './api-token-store.js'
import { workspaceErrors } from './workspace-errors.js'

/** Who is calling the management API, once their credential has been checked. */

export type ApiTokenSummary = {
  id: string
  name: string
  hint: string
  scopes: Scope[]
  createdAt: string
  expiresAt: string | null
  lastUsedAt: string | null
  revokedAt: string | null
}

export type ApiTokenDeps = {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
}

const TOKEN_PREFIX = 'rc_mgmt'
/** last_used_at is a hint for humans; writing it on every call would turn reads into writes. */
const LAST_USED_RESOLUTION_MS = 60_000

/**
 * Management API tokens: workspace-scoped, shown once, stored as a SHA-256 hash, revocable. They
 * authorise the management routes beside OAuth access tokens and console sessions.
 */
export function createApiTokenService(deps: ApiTokenDeps) {
  const { clock, ids, audit, transact } = deps
  const store = apiTokenStore(deps.db)

  return {
    async create(
      input: {
        workspaceId: string
        name?: string
        scopes: string | readonly string[]
        expiresAt?: string
      },
      actor: Actor,
    ): Promise<{ id: string; token: string; scopes: Scope[] }> {
      const { scopes, unknown } = parseScopes(input.scopes)
      if (unknown.length > 0 || scopes.length === 0) {
        throw workspaceErrors.error(
          'TOKEN_SCOPES_INVALID',
          unknown.length > 0
            ? `Unknown scope(s): ${unknown.join(', ')}.`
            : 'At least one scope is required.',
        )
      }
      const issued = issueToken(TOKEN_PREFIX)
      const id = ids.next()
      const now = clock.now().toISOString()
      await transact(async (trx) => {
        await apiTokenStore(trx).insert({
          id,
          workspace_id: input.workspaceId,
          name: input.name ?? 'API token',
          token_hash: issued.hash,
          token_hint: issued.hint,
          scopes: scopes.join(' '),
          created_at: now,
          expires_at: input.expiresAt ?? null,
          last_used_at: null,
          revoked_at: null,
        })
        await audit.record(trx, {
          workspaceId: input.workspaceId,
          actor,
          action: 'api_token.created',
          target: { type: 'api_token', id },
          after: { name: input.name ?? 'API token', scopes, hint: issued.hint },
        })
      })
      return { id, token: issued.token, scopes }
    },

    /** The principal for a presented token, or undefined when it is unknown, revoked or expired. */
    async authenticate(token: string): Promise<Principal | undefined> {
      if (!token.startsWith(`${TOKEN_PREFIX}_`)) return undefined
      const hash = hashToken(token)
      const row = await store.findByHash(hash)
      if (!row || !digestsEqual(row.token_hash, hash) || row.revoked_at !== null) return undefined
      const now = clock.now()
      if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) return undefined
      if (
        row.last_used_at === null ||
        now.getTime() - Date.parse(row.last_used_at) > LAST_USED_RESOLUTION_MS
      ) {
        await store.markUsed(row.id, now.toISOString())
      }
      return {
        kind: 'api_token',
        workspaceId: row.workspace_id,
        tokenId: row.id,
        scopes: parseScopes(row.scopes).scopes,
        actor: { type: 'api_token', id: row.id },
      }
    },

    async revoke(input: { workspaceId: string; id: string }, actor: Actor): Promise<void> {
      await transact(async (trx) => {
        const tokens = apiTokenStore(trx)
        const row = await tokens.findRevocation(input.workspaceId, input.id)
        if (!row) throw workspaceErrors.error('TOKEN_NOT_FOUND')
        if (row.revoked_at !== null) return // revoking twice is a no-op
        await tokens.markRevoked(input.id, clock.now().toISOString())
        await audit.record(trx, {
          workspaceId: input.workspaceId,
          actor,
          action: 'api_token.revoked',
          target: { type: 'api_token', id: input.id },
        })
      })
    },

    async list(workspaceId: string): Promise<ApiTokenSummary[]> {
      const rows = await store.listOldestFirst(workspaceId)
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        hint: row.token_hint,
        scopes: parseScopes(row.scopes).scopes,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
        lastUsedAt: row.last_used_at,
        revokedAt: row.revoked_at,
      }))
    },
  }
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>
