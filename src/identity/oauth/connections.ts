import type { Actor, AuditLog } from '../../platform/audit/index.js'
import { editionFor, editionIncludes, featureName } from '../../platform/auth/index.js'
import type { Db, NewRow, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import { type WorkspaceService, workspaceErrors } from '../workspace/index.js'
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
import { parseAllowlist } from './ip-allowlist.js'
import { oauthErrors } from './oauth-errors.js'
import { CONNECTION_SCOPES, splitScopes } from './oauth-scopes.js'

/** An API connection (seed 003): server-to-server access with client credentials. */
export type ApiConnection = {
  id: string
  workspaceId: string
  clientId: string
  name: string
  /** Egress IP allowlist: token requests and API calls from elsewhere are refused. */
  allowedIps: string[]
  scopes: string[]
  secretHint: string
  createdAt: string
  updatedAt: string
  secretRotatedAt: string
}

export type ConnectionSettings = {
  name?: string
  allowedIps: string | readonly string[]
  scopes: string | readonly string[]
}

export type ApiConnectionsDeps = {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
  workspaces: Pick<WorkspaceService, 'findById'>
}

/**
 * API connections: a client ID and secret for the `client_credentials` grant (RFC 6749 §4.4),
 * usable only from the connection's egress IP allowlist.
 */
export function createApiConnectionService(deps: ApiConnectionsDeps) {
  const { db, clock, ids, audit, transact } = deps

  async function requireConnection(workspaceId: string | undefined, id: string) {
    const row = await requireClientRow(db, { workspaceId, id, kind: 'connection' })
    if (!row) throw oauthErrors.error('CONNECTION_NOT_FOUND')
    return row
  }

  async function record(
    trx: Db,
    entry: {
      row: { workspace_id: string; id: string }
      actor: Actor
      action: string
      after?: unknown
    },
  ): Promise<void> {
    await audit.record(trx, {
      workspaceId: entry.row.workspace_id,
      actor: entry.actor,
      action: entry.action,
      target: { type: 'api_connection', id: entry.row.id },
      after: entry.after,
    })
  }

  return {
    async create(
      input: ConnectionSettings & { workspaceId: string },
      actor: Actor,
    ): Promise<{ connection: ApiConnection; clientSecret: string }> {
      await requirePlan(deps.workspaces, input.workspaceId)
      const settings = validate(input)
      const secret = issueClientSecret()
      const now = clock.now().toISOString()
      const row = {
        id: ids.next(),
        workspace_id: input.workspaceId,
        kind: 'connection',
        client_id: newClientId('connection'),
        name: settings.name,
        name_key: settings.name.toLowerCase(),
        secret_hash: secret.hash,
        secret_hint: secret.hint,
        redirect_uris: '[]',
        scopes: settings.scopes.join(' '),
        pkce: null,
        token_endpoint_auth_method: 'client_secret_basic',
        allowed_ips: JSON.stringify(settings.allowedIps),
        created_at: now,
        updated_at: now,
        secret_rotated_at: now,
      } satisfies NewRow<'oauth_clients'>
      const connection = toConnection(row)
      await transact(async (trx) => {
        await insertClientRow(trx, row)
        await record(trx, { row, actor, action: 'api_connection.created', after: connection })
      })
      return { connection, clientSecret: secret.secret }
    },

    async list(workspaceId: string): Promise<ApiConnection[]> {
      const rows = await listClientRows(db, workspaceId, 'connection')
      return rows.map(toConnection)
    },

    async get(workspaceId: string, id: string): Promise<ApiConnection> {
      return toConnection(await requireConnection(workspaceId, id))
    },

    /** Changes the allowlist or scopes; tokens already issued follow the new rules at once. */
    async update(
      input: Partial<ConnectionSettings> & { workspaceId: string; id: string },
      actor: Actor,
    ): Promise<ApiConnection> {
      const before = toConnection(await requireConnection(input.workspaceId, input.id))
      const settings = validate({
        name: input.name ?? before.name,
        allowedIps: input.allowedIps ?? before.allowedIps,
        scopes: input.scopes ?? before.scopes,
      })
      const updatedAt = clock.now().toISOString()
      await transact(async (trx) => {
        await updateClientRow(trx, before.id, {
          name: settings.name,
          name_key: settings.name.toLowerCase(),
          scopes: settings.scopes.join(' '),
          allowed_ips: JSON.stringify(settings.allowedIps),
          updated_at: updatedAt,
        })
        await record(trx, {
          row: { workspace_id: before.workspaceId, id: before.id },
          actor,
          action: 'api_connection.updated',
          after: settings,
        })
      })
      return { ...before, ...settings, updatedAt }
    },

    async remove(input: { workspaceId: string; id: string }, actor: Actor): Promise<void> {
      const row = await requireConnection(input.workspaceId, input.id)
      await transact(async (trx) => {
        await deleteClientWithArtifacts(trx, row)
        await record(trx, { row, actor, action: 'api_connection.deleted' })
      })
    },

    /** Issues a new client secret; the old one stops working at once. */
    async rotateSecret(
      input: { workspaceId?: string; id: string },
      actor: Actor,
    ): Promise<{ id: string; clientId: string; clientSecret: string }> {
      const row = await requireConnection(input.workspaceId, input.id)
      const secret = issueClientSecret()
      const now = clock.now().toISOString()
      await transact(async (trx) => {
        await replaceClientSecret(trx, row.id, secret, now)
        await record(trx, {
          row,
          actor,
          action: 'api_connection.secret_rotated',
          after: { secretHint: secret.hint },
        })
      })
      return { id: row.id, clientId: row.client_id, clientSecret: secret.secret }
    },
  }
}

export type ApiConnectionService = ReturnType<typeof createApiConnectionService>

type ValidSettings = { name: string; allowedIps: string[]; scopes: string[] }

function validate(input: ConnectionSettings): ValidSettings {
  const name = (input.name ?? 'API connection').trim()
  const entries =
    typeof input.allowedIps === 'string' ? input.allowedIps.split(',') : input.allowedIps
  const { cidrs, invalid } = parseAllowlist(entries)
  const scopes = splitScopes(input.scopes)
  const unknown = scopes.filter((s) => !(CONNECTION_SCOPES as readonly string[]).includes(s))
  const problems: string[] = []
  if (name === '' || name.length > 200) problems.push('name: 1 to 200 characters')
  if (invalid.length > 0) problems.push(`allowedIps: not an IPv4/IPv6 CIDR: ${invalid.join(', ')}`)
  // Seed 003: a connection needs one or more egress IP addresses.
  if (cidrs.length === 0 && invalid.length === 0)
    problems.push('allowedIps: at least one is required')
  if (unknown.length > 0) problems.push(`scopes: unknown scope(s) ${unknown.join(', ')}`)
  if (scopes.length === 0) problems.push('scopes: at least one is required')
  if (problems.length > 0) {
    throw oauthErrors.error(
      'CONNECTION_INVALID',
      `Invalid API connection: ${problems.join('; ')}`,
      {
        problems,
      },
    )
  }
  return { name, allowedIps: cidrs, scopes }
}

async function requirePlan(
  workspaces: Pick<WorkspaceService, 'findById'>,
  workspaceId: string,
): Promise<void> {
  const workspace = await workspaces.findById(workspaceId)
  if (!workspace) throw workspaceErrors.error('WORKSPACE_NOT_FOUND')
  if (!editionIncludes(workspace.edition, 'api_connections')) {
    throw workspaceErrors.error(
      'PLAN_REQUIRED',
      `${featureName('api_connections')} require the ${editionFor('api_connections')} plan; this workspace is on ${workspace.edition}.`,
    )
  }
}

function toConnection(row: ClientRow): ApiConnection {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    clientId: row.client_id,
    name: row.name,
    allowedIps: stringList(row.allowed_ips),
    scopes: splitScopes(row.scopes),
    secretHint: row.secret_hint,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    secretRotatedAt: row.secret_rotated_at,
  }
}
