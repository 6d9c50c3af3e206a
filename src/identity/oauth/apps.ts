import type { Actor, AuditLog } from '../../platform/audit/index.js'
import {
  type Db,
  isUniqueViolation,
  type NewRow,
  type Transact,
} from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import {
  type ClientRow,
  deleteClientWithArtifacts,
  insertClientRow,
  issueClientSecret,
  listClientRows,
  newClientId,
  replaceClientSecret,
  requireClientRow,
  stringList,
  updateClientRow,
} from './client-store.js'
import { oauthErrors } from './oauth-errors.js'
import { APP_SCOPES, splitScopes } from './oauth-scopes.js'
import { checkRedirectUris } from './redirect-uris.js'

/** An OAuth app as the management API shows it (never with its secret, only a hint). */
export type OAuthApp = {
  id: string
  workspaceId: string
  clientId: string
  name: string
  redirectUris: string[]
  scopes: string[]
  /** Seed 002: PKCE required or optional per app; S256 is the only method either way. */
  pkce: 'required' | 'optional'
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post'
  secretHint: string
  createdAt: string
  updatedAt: string
  secretRotatedAt: string
}

export type AppSettings = {
  name: string
  redirectUris: readonly string[]
  scopes: string | readonly string[]
  pkce?: 'required' | 'optional'
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post'
}

export type OAuthAppsDeps = {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
}

/** OAuth app management (seed 002): confidential clients of the authorization code flow. */
export function createOAuthAppService(deps: OAuthAppsDeps) {
  const { db, clock, ids, audit, transact } = deps

  async function requireApp(workspaceId: string | undefined, id: string): Promise<ClientRow> {
    const row = await requireClientRow(db, { workspaceId, id, kind: 'app' })
    if (!row) throw oauthErrors.error('OAUTH_APP_NOT_FOUND')
    return row
  }

  async function write(
    work: (trx: Db) => Promise<unknown>,
    entry: {
      workspaceId: string
      actor: Actor
      action: string
      id: string
      before?: unknown
      after?: unknown
    },
  ): Promise<void> {
    try {
      await transact(async (trx) => {
        await work(trx)
        await audit.record(trx, {
          workspaceId: entry.workspaceId,
          actor: entry.actor,
          action: entry.action,
          target: { type: 'oauth_app', id: entry.id },
          before: entry.before,
          after: entry.after,
        })
      })
    } catch (error) {
      if (isUniqueViolation(error)) throw oauthErrors.error('OAUTH_APP_NAME_TAKEN')
      throw error
    }
  }

  return {
    async create(
      input: AppSettings & { workspaceId: string },
      actor: Actor,
    ): Promise<{ app: OAuthApp; clientSecret: string }> {
      const settings = validate(input)
      const secret = issueClientSecret()
      const now = clock.now().toISOString()
      const row = {
        id: ids.next(),
        workspace_id: input.workspaceId,
        kind: 'app',
        client_id: newClientId('app'),
        ...toColumns(settings),
        secret_hash: secret.hash,
        secret_hint: secret.hint,
        allowed_ips: '[]',
        created_at: now,
        updated_at: now,
        secret_rotated_at: now,
      } satisfies NewRow<'oauth_clients'>
      const app = toApp(row)
      await write((trx) => insertClientRow(trx, row), {
        workspaceId: input.workspaceId,
        actor,
        action: 'oauth_app.created',
        id: row.id,
        after: app,
      })
      return { app, clientSecret: secret.secret }
    },

    async list(workspaceId: string): Promise<OAuthApp[]> {
      const rows = await listClientRows(db, workspaceId, 'app')
      return rows.map(toApp)
    },

    async get(workspaceId: string, id: string): Promise<OAuthApp> {
      return toApp(await requireApp(workspaceId, id))
    },

    async update(
      input: Partial<AppSettings> & { workspaceId: string; id: string },
      actor: Actor,
    ): Promise<OAuthApp> {
      const before = toApp(await requireApp(input.workspaceId, input.id))
      const settings = validate({ ...before, ...definedOnly(input) })
      const updatedAt = clock.now().toISOString()
      const columns = { ...toColumns(settings), updated_at: updatedAt }
      const after: OAuthApp = { ...before, ...settings, updatedAt }
      await write((trx) => updateClientRow(trx, input.id, columns), {
        workspaceId: input.workspaceId,
        actor,
        action: 'oauth_app.updated',
        id: input.id,
        before,
        after,
      })
      return after
    },

    /** Deletes the app and every grant and token it holds: its users' access ends at once. */
    async remove(input: { workspaceId: string; id: string }, actor: Actor): Promise<void> {
      const row = await requireApp(input.workspaceId, input.id)
      await write((trx) => deleteClientWithArtifacts(trx, row), {
        workspaceId: row.workspace_id,
        actor,
        action: 'oauth_app.deleted',
        id: row.id,
        before: toApp(row),
      })
    },

    /** Issues a new client secret; the old one stops working at once. */
    async rotateSecret(
      input: { workspaceId?: string; id: string },
      actor: Actor,
    ): Promise<{ id: string; clientId: string; clientSecret: string }> {
      const row = await requireApp(input.workspaceId, input.id)
      const secret = issueClientSecret()
      const now = clock.now().toISOString()
      await write((trx) => replaceClientSecret(trx, row.id, secret, now), {
        workspaceId: row.workspace_id,
        actor,
        action: 'oauth_app.secret_rotated',
        id: row.id,
        after: { secretHint: secret.hint },
      })
      return { id: row.id, clientId: row.client_id, clientSecret: secret.secret }
    },
  }
}

export type OAuthAppService = ReturnType<typeof createOAuthAppService>

type ValidSettings = {
  name: string
  redirectUris: string[]
  scopes: string[]
  pkce: 'required' | 'optional'
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post'
}

function validate(input: AppSettings): ValidSettings {
  const name = input.name.trim()
  const scopes = splitScopes(input.scopes)
  const problems = [...checkRedirectUris(input.redirectUris)]
  if (name === '' || name.length > 200) problems.push('name: 1 to 200 characters')
  const unknown = scopes.filter((s) => !APP_SCOPES.includes(s))
  if (unknown.length > 0) problems.push(`scopes: unknown scope(s) ${unknown.join(', ')}`)
  if (scopes.length === 0) problems.push('scopes: at least one is required')
  if (problems.length > 0) {
    throw oauthErrors.error('OAUTH_APP_INVALID', `Invalid OAuth app: ${problems.join('; ')}`, {
      problems,
    })
  }
  return {
    name,
    redirectUris: [...input.redirectUris],
    scopes,
    pkce: input.pkce ?? 'required',
    tokenEndpointAuthMethod: input.tokenEndpointAuthMethod ?? 'client_secret_basic',
  }
}

function toColumns(settings: ValidSettings) {
  return {
    name: settings.name,
    name_key: settings.name.toLowerCase(),
    redirect_uris: JSON.stringify(settings.redirectUris),
    scopes: settings.scopes.join(' '),
    pkce: settings.pkce,
    token_endpoint_auth_method: settings.tokenEndpointAuthMethod,
  }
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>
}

function toApp(row: ClientRow): OAuthApp {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    clientId: row.client_id,
    name: row.name,
    redirectUris: stringList(row.redirect_uris),
    scopes: splitScopes(row.scopes),
    pkce: row.pkce === 'optional' ? 'optional' : 'required',
    tokenEndpointAuthMethod:
      row.token_endpoint_auth_method === 'client_secret_post'
        ? 'client_secret_post'
        : 'client_secret_basic',
    secretHint: row.secret_hint,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    secretRotatedAt: row.secret_rotated_at,
  }
}
