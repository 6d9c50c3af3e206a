import {
  type BreakerSnapshot,
  type BucketSnapshot,
  type ConnectedApp,
  type Connection,
  type Connector,
  type ConnectorError,
  type ConnectorRegistry,
  createsTasks,
  describeConnection,
  type SealedConnection,
  sealConnection,
} from '../../integrations/connectors/index.js'
import type { Actor, AuditLog } from '../../platform/audit/index.js'
import {
  type Db,
  decodeJson,
  isUniqueViolation,
  type Row,
  type Transact,
} from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { SecretBox } from '../../shared/crypto/secret-box.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Result } from '../../shared/result.js'
import { describeZodIssues } from '../../shared/validation.js'
import {
  type Correlation,
  type Mappings,
  type Policy,
  resolveCorrelation,
  resolvePolicy,
} from './app-rules.js'
import {
  type AppConfig,
  type AppRulesUpdate,
  type Assignment,
  appConfigSchema,
  appRulesUpdateSchema,
} from './apps-config.js'
import { appErrors } from './apps-errors.js'
import { findApp, insertApp, listApps, updateApp } from './apps-store.js'
import type { GrantRule } from './grant-rules.js'
import type { EntitlementLookup } from './grant-rules-resolve.js'
import { grantRulesToSave, invalidGrantRules, updateProblems } from './grant-rules-save.js'

/** A connected app as the CLI and the admin API show it: never with its secret. */
export type App = {
  id: string
  workspaceId: string
  catalogId: string
  name: string
  owner: string | null
  connection: Record<string, unknown> | null
  assignment: Assignment
  mappings: Mappings
  correlation: Correlation
  policy: Policy
  /** Which entitlements the app's accounts get (issue 15); `[]` for none. */
  grants: readonly GrantRule[]
  createdAt: string
  updatedAt: string
}

/**
 * How an app's connection is doing in this server process: its circuit breaker (closed, or
 * quarantined with a reason) and its token bucket (the rate it currently allows). Apps without an
 * API have neither; an app whose connector cannot be built says why.
 */
export type ConnectionHealth =
  | { kind: 'api'; breaker: BreakerSnapshot; rate: BucketSnapshot }
  | { kind: 'manual' }
  | { kind: 'unavailable'; message: string }

export type AppsDeps = {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
  secretBox: SecretBox
  connectors: Pick<ConnectorRegistry, 'validate' | 'connect'>
  /**
   * Checks mapping expressions (a port: reconcile/ owns the expression language); its problems
   * make `connect` and `update` fail with APP_INVALID, so a typo never waits for a reconcile.
   */
  checkMappings?: (mappings: Mappings) => string[]
  /** The app's entitlements as the graph keeps them (grant rules resolve against them). */
  entitlements: EntitlementLookup
}

/**
 * The apps a workspace connected (DESIGN: an app is a catalog profile + a connection +
 * assignment rules). The connection's secret is sealed with the secret box, bound to the app's
 * id, before the row is written; only the app's connector opens it.
 */
export function createAppsService(deps: AppsDeps) {
  const { db, transact, clock, ids, audit, secretBox, connectors } = deps

  async function requireRow(workspaceId: string, id: string): Promise<Row<'apps'>> {
    const row = await findApp(db, workspaceId, id)
    if (!row) throw appErrors.error('APP_NOT_FOUND', `No app '${id}' in this workspace.`)
    return row
  }

  return {
    /** Validates an app.json, seals its secret and stores the app. */
    async connect(workspaceId: string, input: unknown, actor: Actor): Promise<App> {
      const config = parseConfig(input)
      refuseGrantRulesOnConnect(config)
      invalidIfAny(deps.checkMappings?.(config.mappings) ?? [])
      const connection = checkAccess(connectors, config)
      const id = ids.next()
      const now = clock.now().toISOString()
      const sealed = connection ? sealConnection(connection, secretBox, id) : null
      const row = toRow({ id, workspaceId, config, sealed, now })
      const app = toApp(row)
      try {
        await transact(async (trx) => {
          await insertApp(trx, row)
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
      const rows = await listApps(db, workspaceId)
      return rows.map(toApp)
    },

    async get(workspaceId: string, id: string): Promise<App> {
      return toApp(await requireRow(workspaceId, id))
    },

    /**
     * Changes an app's rules (assignment, mappings, correlation, policy, owner, grant rules),
     * audited with before and after. The next reconcile sees the new rules; a plan that would
     * remove many accounts because the assignment changed is held (reconcile's safety rule).
     * Grant rules replace the app's whole list, each resolved against its live entitlements.
     */
    async update(workspaceId: string, id: string, input: unknown, actor: Actor): Promise<App> {
      const changes = parseRulesUpdate(input)
      if (changes.mappings) invalidIfAny(deps.checkMappings?.(changes.mappings) ?? [])
      const row = await requireRow(workspaceId, id)
      const before = toApp(row)
      const grants =
        changes.grants === undefined
          ? undefined
          : await grantRulesToSave(
              { clock, ids, connectors, entitlements: deps.entitlements },
              { ...toConnectedApp(row), grants: before.grants },
              changes.grants,
            )
      const after = { ...changes, ...(grants === undefined ? {} : { grants }) }
      const now = clock.now().toISOString()
      await transact(async (trx) => {
        await updateApp(trx, workspaceId, id, rulesRow(changes, grants, now))
        await audit.record(trx, {
          workspaceId,
          actor,
          action: 'app.updated',
          target: { type: 'app', id },
          before,
          after,
        })
      })
      return toApp(await requireRow(workspaceId, id))
    },

    /** The connection's breaker and bucket; building the connector sends no request. */
    async health(workspaceId: string, id: string): Promise<ConnectionHealth> {
      const built = connectors.connect(toConnectedApp(await requireRow(workspaceId, id)))
      if (!built.ok) return { kind: 'unavailable', message: built.error.message }
      const connector = built.value
      if (reportsHealth(connector)) {
        return { kind: 'api', breaker: connector.health(), rate: connector.rate() }
      }
      if (createsTasks(connector)) return { kind: 'manual' }
      return { kind: 'unavailable', message: 'This connector reports no health.' }
    },

    /** The app's connector (kept per app by the registry); its credentials stay sealed until used. */
    async connector(workspaceId: string, id: string): Promise<Result<Connector, ConnectorError>> {
      return connectors.connect(toConnectedApp(await requireRow(workspaceId, id)))
    },
  }
}

export type AppsService = ReturnType<typeof createAppsService>

type HealthReporting = { health(): BreakerSnapshot; rate(): BucketSnapshot }

/** The SCIM and Okta connectors expose their HTTP client's breaker and bucket. */
function reportsHealth(connector: Connector): connector is Connector & HealthReporting {
  const candidate = connector as Connector & Partial<HealthReporting>
  return typeof candidate.health === 'function' && typeof candidate.rate === 'function'
}

function parseConfig(input: unknown): AppConfig {
  const parsed = appConfigSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const problems = describeZodIssues(parsed.error)
  throw appErrors.error('APP_INVALID', `Invalid app configuration: ${problems.join('; ')}`, {
    problems,
  })
}

function parseRulesUpdate(input: unknown): AppRulesUpdate {
  const parsed = appRulesUpdateSchema.safeParse(input)
  if (parsed.success) return parsed.data
  const { problems, onlyGrants } = updateProblems(parsed.error)
  if (onlyGrants) throw invalidGrantRules(problems)
  invalidIfAny(problems)
  return {}
}

/** An app's entitlements are unknown before its first refresh, so no rule could name one. */
function refuseGrantRulesOnConnect(config: AppConfig): void {
  if ((config.grants ?? []).length === 0) return
  throw appErrors.error(
    'APP_GRANT_RULES_BEFORE_REFRESH',
    'Grant rules cannot be given when connecting an app: its entitlements are unknown until its first refresh. Connect it without `grants`, refresh it (`rollcall sync`), then set them with `rollcall app update` or PATCH /api/apps/:id.',
  )
}

function invalidIfAny(problems: string[]): void {
  if (problems.length === 0) return
  throw appErrors.error('APP_INVALID', `Invalid app configuration: ${problems.join('; ')}`, {
    problems,
  })
}

function rulesRow(changes: AppRulesUpdate, grants: GrantRule[] | undefined, now: string) {
  const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value))
  const row = {
    assignment: json(changes.assignment),
    mappings: json(changes.mappings),
    correlation: json(changes.correlation),
    policy: json(changes.policy),
    owner: changes.owner,
    grant_rules: json(grants),
    updated_at: now,
  }
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined))
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
    correlation: JSON.stringify(config.correlation),
    policy: JSON.stringify(config.policy),
    grant_rules: '[]',
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
    mappings: decodeJson<Mappings>(row.mappings),
    correlation: resolveCorrelation(decodeJson(row.correlation)),
    policy: resolvePolicy(decodeJson(row.policy)),
    grants: decodeJson<GrantRule[]>(row.grant_rules ?? '[]'),
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
