import { randomBytes } from 'node:crypto'
import {
  type Db,
  decodeJson,
  type NewRow,
  type Row,
  type RowUpdate,
} from '../../platform/store/index.js'
import { issueToken } from '../../shared/crypto/tokens.js'

/** OAuth apps and API connections share one table: both are clients of our provider. */
export type ClientKind = 'app' | 'connection'
export type ClientRow = Row<'oauth_clients'>

/** What oidc-provider learns about a client (RFC 7591 metadata plus our extra properties). */
export type ProviderClientMetadata = {
  client_id: string
  client_secret: string
  client_name: string
  redirect_uris: string[]
  grant_types: string[]
  response_types: string[]
  scope: string
  token_endpoint_auth_method: string
  rollcall_kind: ClientKind
  rollcall_pkce: string
  rollcall_allowed_ips: string[]
  rollcall_workspace_id: string
}

/** Extra client metadata properties (oidc-provider `extraClientMetadata.properties`). */
export const EXTRA_CLIENT_METADATA = [
  'rollcall_kind',
  'rollcall_pkce',
  'rollcall_allowed_ips',
  'rollcall_workspace_id',
]

export function newClientId(kind: ClientKind): string {
  return `rc_${kind === 'app' ? 'app' : 'conn'}_${randomBytes(16).toString('base64url')}`
}

/** A client secret: 256 random bits, shown once, stored as its SHA-256 (RFC 6819 §5.1.4.1.3). */
export function issueClientSecret(): { secret: string; hash: string; hint: string } {
  const issued = issueToken('rc_secret')
  return { secret: issued.token, hash: issued.hash, hint: issued.hint }
}

export async function findClientRow(db: Db, clientId: string): Promise<ClientRow | undefined> {
  return db
    .selectFrom('oauth_clients')
    .selectAll()
    .where('client_id', '=', clientId)
    .executeTakeFirst()
}

export async function requireClientRow(
  db: Db,
  where: { workspaceId?: string; id: string; kind: ClientKind },
): Promise<ClientRow | undefined> {
  return db
    .selectFrom('oauth_clients')
    .selectAll()
    .where('id', '=', where.id)
    .where('kind', '=', where.kind)
    .$if(where.workspaceId !== undefined, (q) =>
      q.where('workspace_id', '=', where.workspaceId as string),
    )
    .executeTakeFirst()
}

/** The clients of one kind in a workspace, oldest first. */
export async function listClientRows(
  db: Db,
  workspaceId: string,
  kind: ClientKind,
): Promise<ClientRow[]> {
  return db
    .selectFrom('oauth_clients')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', kind)
    .orderBy('created_at')
    .execute()
}

export async function insertClientRow(db: Db, row: NewRow<'oauth_clients'>): Promise<void> {
  await db.insertInto('oauth_clients').values(row).execute()
}

export async function updateClientRow(
  db: Db,
  id: string,
  columns: RowUpdate<'oauth_clients'>,
): Promise<void> {
  await db.updateTable('oauth_clients').set(columns).where('id', '=', id).execute()
}

/** A new client secret (stored as its digest); the old one stops working at once. */
export async function replaceClientSecret(
  db: Db,
  id: string,
  secret: { hash: string; hint: string },
  now: string,
): Promise<void> {
  await updateClientRow(db, id, {
    secret_hash: secret.hash,
    secret_hint: secret.hint,
    secret_rotated_at: now,
    updated_at: now,
  })
}

/** Deletes a client, then every grant, code and token it holds (RFC 7009 §2.1 spirit). */
export async function deleteClientWithArtifacts(
  db: Db,
  client: { id: string; client_id: string },
): Promise<void> {
  await db.deleteFrom('oauth_clients').where('id', '=', client.id).execute()
  await purgeClientArtifacts(db, client.client_id)
}

export function stringList(value: unknown): string[] {
  const decoded = decodeJson<unknown>(value)
  return Array.isArray(decoded) ? decoded.filter((v): v is string => typeof v === 'string') : []
}

/**
 * The client as oidc-provider sees it. Its `client_secret` is the stored SHA-256 digest, never the
 * secret: the provider's `compareClientSecret` is overridden to hash what a client presents.
 */
export function toProviderMetadata(row: ClientRow): ProviderClientMetadata {
  const isApp = row.kind === 'app'
  return {
    client_id: row.client_id,
    client_secret: row.secret_hash,
    client_name: row.name,
    redirect_uris: isApp ? stringList(row.redirect_uris) : [],
    grant_types: isApp ? ['authorization_code', 'refresh_token'] : ['client_credentials'],
    response_types: isApp ? ['code'] : [],
    scope: row.scopes,
    token_endpoint_auth_method: row.token_endpoint_auth_method,
    rollcall_kind: isApp ? 'app' : 'connection',
    rollcall_pkce: row.pkce ?? 'required',
    rollcall_allowed_ips: stringList(row.allowed_ips),
    rollcall_workspace_id: row.workspace_id,
  }
}

/** Deletes every grant, code and token a client holds (its app was deleted). */
export async function purgeClientArtifacts(db: Db, clientId: string): Promise<void> {
  await db.deleteFrom('oauth_artifacts').where('client_id', '=', clientId).execute()
}
