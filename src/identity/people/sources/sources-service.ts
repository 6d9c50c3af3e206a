import { existsSync } from 'node:fs'
import path from 'node:path'
import {
  type ConnectorRegistry,
  describeConnection,
  sealConnection,
} from '../../../integrations/connectors/index.js'
import type { Actor, AuditLog } from '../../../platform/audit/index.js'
import {
  type Db,
  decodeJson,
  isUniqueViolation,
  type Row,
  type Transact,
} from '../../../platform/store/index.js'
import type { Clock } from '../../../shared/clock.js'
import type { SecretBox } from '../../../shared/crypto/secret-box.js'
import type { IdGenerator } from '../../../shared/ids.js'
import { describeZodIssues } from '../../../shared/validation.js'
import type { DirectoryReader } from '../../directory/index.js'
import { peopleErrors } from '../people-errors.js'
import type { SourceKind } from '../types.js'
import {
  csvSourceSchema,
  DEFAULTS,
  oktaSourceSchema,
  resolveSafety,
  type Safety,
  type Schedule,
  type StoredOktaConfig,
  scimSourceSchema,
} from './source-config.js'
import { sourceStore } from './source-store.js'

/** A source as the CLI and the admin API show it: never with its secret. */
export type Source = {
  id: string
  workspaceId: string
  kind: SourceKind
  name: string
  priority: number
  schedule: Schedule
  safety: Safety
  config: Record<string, unknown>
  lastFullCount: number | null
  lastFullSyncAt: string | null
  lastSyncAt: string | null
  createdAt: string
  updatedAt: string
}

export type SourcesDeps = {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
  secretBox: SecretBox
  connectors: Pick<ConnectorRegistry, 'validate'>
  directories: DirectoryReader
}

export const SOURCE_KINDS: readonly SourceKind[] = ['okta', 'scim', 'csv']

/** Sources of people: an Okta org, an inbound SCIM directory, a CSV file (sealed config). */
export function createSourcesService(deps: SourcesDeps) {
  const { db, clock, ids, audit, transact } = deps
  return {
    async add(workspaceId: string, kind: string, input: unknown, actor: Actor): Promise<Source> {
      if (!SOURCE_KINDS.includes(kind as SourceKind)) {
        throw peopleErrors.error(
          'SOURCE_INVALID',
          `The source kinds are ${SOURCE_KINDS.join(', ')}.`,
        )
      }
      const id = ids.next()
      const prepared = await prepare(deps, workspaceId, id, kind as SourceKind, input)
      const now = clock.now().toISOString()
      const row = {
        id,
        workspace_id: workspaceId,
        kind,
        name: prepared.name,
        name_key: prepared.name.toLowerCase(),
        config: JSON.stringify(prepared.config),
        schedule: JSON.stringify(prepared.schedule),
        safety: JSON.stringify(prepared.safety),
        priority: prepared.priority,
        last_full_count: null,
        last_full_sync_at: null,
        last_sync_at: null,
        event_cursor: null,
        created_at: now,
        updated_at: now,
      }
      const source = toSource(row)
      try {
        await transact(async (trx) => {
          const sources = sourceStore(trx)
          await sources.insert(row)
          // A new SCIM source reads the directory's current users with a full sync, then follows
          // events from now on.
          if (kind === 'scim') await sources.startAtLatestEvent(id, workspaceId)
          await audit.record(trx, {
            workspaceId,
            actor,
            action: 'source.added',
            target: { type: 'source', id },
            after: source,
          })
        })
      } catch (error) {
        if (isUniqueViolation(error))
          throw peopleErrors.error('SOURCE_NAME_TAKEN', `A source named '${prepared.name}' exists.`)
        throw error
      }
      return source
    },

    async list(workspaceId: string): Promise<Source[]> {
      const rows = await sourceStore(db).listInWorkspace(workspaceId)
      return rows.map(toSource)
    },

    async get(workspaceId: string, id: string): Promise<Source> {
      return toSource(await requireSource(db, workspaceId, id))
    },
  }
}

export type SourcesService = ReturnType<typeof createSourcesService>

export async function requireSource(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<Row<'sources'>> {
  const row = await sourceStore(db).findInWorkspace(workspaceId, id)
  if (!row) throw peopleErrors.error('SOURCE_NOT_FOUND', `No source '${id}' in this workspace.`)
  return row
}

type Prepared = {
  name: string
  priority: number
  schedule: Schedule
  safety: Safety
  config: unknown
}

function invalid(problems: string[]): Error {
  return peopleErrors.error(
    'SOURCE_INVALID',
    `Invalid source configuration: ${problems.join('; ')}`,
    { problems },
  )
}

async function prepare(
  deps: SourcesDeps,
  workspaceId: string,
  id: string,
  kind: SourceKind,
  input: unknown,
): Promise<Prepared> {
  const schema =
    kind === 'okta' ? oktaSourceSchema : kind === 'scim' ? scimSourceSchema : csvSourceSchema
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw invalid(describeZodIssues(parsed.error))
  const value = parsed.data
  const defaults = DEFAULTS[kind]
  const common = {
    priority: value.priority ?? defaults.priority,
    schedule: { ...defaults.schedule, ...value.schedule },
    safety: resolveSafety(value.safety),
  }
  if ('directoryId' in value) {
    const owner = await deps.directories.workspaceOf(deps.db, value.directoryId)
    if (owner !== workspaceId)
      throw invalid([`directoryId: no SCIM directory '${value.directoryId}' in this workspace`])
    return {
      ...common,
      name: value.name ?? `SCIM directory ${value.directoryId.slice(0, 8)}`,
      config: { directoryId: value.directoryId },
    }
  }
  if ('file' in value) {
    const file = path.resolve(value.file)
    if (!existsSync(file)) throw invalid([`file: ${file} does not exist`])
    const { name, priority: _p, schedule: _s, safety: _f, ...config } = value
    return { ...common, name: name ?? `CSV ${path.basename(file)}`, config: { ...config, file } }
  }
  return {
    ...common,
    name: value.name ?? `Okta ${new URL(value.orgUrl).host}`,
    config: oktaConfig(deps, id, value),
  }
}

function oktaConfig(
  deps: SourcesDeps,
  id: string,
  value: ReturnType<typeof oktaSourceSchema.parse>,
): StoredOktaConfig {
  const auth = value.token
    ? { type: 'okta_api_token' as const, orgUrl: value.orgUrl, token: value.token }
    : {
        type: 'okta_private_key_jwt' as const,
        orgUrl: value.orgUrl,
        clientId: value.clientId ?? '',
        privateKey: value.privateKey ?? '',
        scopes: value.scopes ?? ['okta.users.read', 'okta.groups.read'],
        ...(value.keyId ? { keyId: value.keyId } : {}),
      }
  const checked = deps.connectors.validate('okta', {
    connection: { auth, ...(value.rateLimit ? { rateLimit: value.rateLimit } : {}) },
  })
  if (!checked.ok) throw invalid(checked.error)
  if (!checked.value) throw invalid(['the Okta connection is missing'])
  return {
    connection: sealConnection(checked.value, deps.secretBox, id, 'source'),
    groups: value.groups,
    ...(value.search ? { search: value.search } : {}),
    ...(value.pageSize ? { pageSize: value.pageSize } : {}),
  }
}

function toSource(row: Row<'sources'>): Source {
  const config = decodeJson<Record<string, unknown>>(row.config)
  const shown =
    row.kind === 'okta' && config.connection
      ? {
          ...config,
          connection: describeConnection(config.connection as StoredOktaConfig['connection']),
        }
      : config
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: row.kind as SourceKind,
    name: row.name,
    priority: row.priority,
    schedule: decodeJson<Schedule>(row.schedule),
    safety: resolveSafety(decodeJson(row.safety)),
    config: shown,
    lastFullCount: row.last_full_count,
    lastFullSyncAt: row.last_full_sync_at,
    lastSyncAt: row.last_sync_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
