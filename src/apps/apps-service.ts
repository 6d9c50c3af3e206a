import type { Actor, AuditLog } from '../audit/index.js'
import {
  type ConnectedApp,
  type Connection,
  type Connector,
  type ConnectorError,
  type ConnectorRegistry,
  describeConnection,
  type SealedConnection,
  sealConnection,
} from '../connectors/index.js'
import type { Clock } from '../shared/clock.js'
import type { SecretBox } from '../shared/crypto/secret-box.js'
import type { IdGenerator } from '../shared/ids.js'
import type { Result } from '../shared/result.js'
import { describeZodIssues } from '../shared/validation.js'
import { type Db, decodeJson, isUniqueViolation, type Row } from '../store/index.js'
import { type AppConfig, type Assignment, appConfigSchema } from './apps-config.js'
import { appErrors } from './apps-errors.js'

/** A connected app as the CLI and the admin API show it: never with its secret. */
export type App = {
  id: string
  workspaceId: string
  catalogId: string
  name: string
  owner: string | null
  connection: Record<string, unknown> | null
  assignment: Assignment
  mappings: Record<string, string>
  createdAt: string
  updatedAt: string
}

export type AppsDeps = {
  db: Db
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
  secretBox: SecretBox
  connectors: Pick<ConnectorRegistry, 'validate' | 'connect'>
}

/**
 * The apps a workspace connected (DESIGN: an app is a catalog profile + a connection +
 * assignment rules). The connection's secret is sealed with the secret box, bound to the app's
 * id, before the row is written; only the app's connector opens it.
 */
export function createAppsService(deps: AppsDeps) {
  const { db, clock, ids, audit, secretBox, connectors } = deps

  async function requireRow(workspaceId: string, id: string): Promise<Row<'apps'>> {
    const row = await db
      .selectFrom('apps')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw appErrors.error('APP_NOT_FOUND', `No app '${id}' in this workspace.`)
    return row
  }

  return {
    /** Validates an app.json, seals its secret and stores the app. */
    async connect(workspaceId: string, input: unknown, actor: Actor): Promise<App> {
      const config = parseConfig(input)
      const connection = checkAccess(connectors, config)
      const id = ids.next()
      const now = clock.now().toISOString()
      const sealed = connection ? sealConnection(connection, secretBox, id) : null
      const row = toRow({ id, workspaceId, config, sealed, now })
      const app = toApp(row)
      try {
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('apps').values(row).execute()
          await audit.record(trx, {
            workspaceId,
            actor,
            action: 'app.connected',
            target: { type: 'app', id },
            after: app,
          })
        })
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw appErrors.error(
            'APP_NAME_TAKEN',
            `An app named '${config.name}' is already connected.`,
          )
        }
        throw error
      }
      return app
    },

    async list(workspaceId: string): Promise<App[]> {
      const rows = await db
        .selectFrom('apps')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('name_key')
        .execute()
      return rows.map(toApp)
    },

    async get(workspaceId: string, id: string): Promise<App> {
      return toApp(await requireRow(workspaceId, id))
    },

    /** The app's connector (kept per app by the registry); its credentials stay sealed until used. */
    async connector(workspaceId: string, id: string): Promise<Result<Connector, ConnectorError>> {
      return connectors.connect(toConnectedApp(await requireRow(workspaceId, id)))
    },
  }
}

export type AppsService = ReturnType<typeof createAppsService>

function parseConfig(input: unknown): AppConfig {
  const parsed = appConfigSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const problems = describeZodIssues(parsed.error)
  throw appErrors.error('APP_INVALID', `Invalid app configuration: ${problems.join('; ')}`, {
    problems,
  })
}

function checkAccess(
  connectors: Pick<ConnectorRegistry, 'validate'>,
  config: AppConfig,
): Connection<string> | null {
  const checked = connectors.validate(config.catalogId, {
    connection: config.connection,
    owner: config.owner ?? null,
  })
  if (checked.ok) return checked.value
  throw appErrors.error('APP_INVALID', `Invalid app configuration: ${checked.error.join('; ')}`, {
    problems: checked.error,
  })
}

function toRow(input: {
  id: string
  workspaceId: string
  config: AppConfig
  sealed: SealedConnection | null
  now: string
}) {
  const { config } = input
  return {
    id: input.id,
    workspace_id: input.workspaceId,
    catalog_id: config.catalogId,
    name: config.name,
    name_key: config.name.toLowerCase(),
    owner: config.owner ?? null,
    connection: input.sealed ? JSON.stringify(input.sealed) : null,
    assignment: JSON.stringify(config.assignment),
    mappings: JSON.stringify(config.mappings),
    created_at: input.now,
    updated_at: input.now,
  }
}

function toApp(row: Row<'apps'> | ReturnType<typeof toRow>): App {
  const connection = row.connection === null ? null : decodeJson<SealedConnection>(row.connection)
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    catalogId: row.catalog_id,
    name: row.name,
    owner: row.owner,
    connection: connection ? describeConnection(connection) : null,
    assignment: decodeJson<Assignment>(row.assignment),
    mappings: decodeJson<Record<string, string>>(row.mappings),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function toConnectedApp(row: Row<'apps'>): ConnectedApp {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    catalogId: row.catalog_id,
    name: row.name,
    owner: row.owner,
    connection: row.connection === null ? null : decodeJson<SealedConnection>(row.connection),
    updatedAt: row.updated_at,
  }
}
