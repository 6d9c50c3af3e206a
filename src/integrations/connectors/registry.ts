import type { z } from 'zod'
import type { SecretBox } from '../../shared/crypto/secret-box.js'
import { err, ok, type Result } from '../../shared/result.js'
import { describeZodIssues } from '../../shared/validation.js'
import { type CatalogEntry, getCatalogEntry } from '../catalog/index.js'
import {
  type AuthType,
  type Connection,
  credentialVersion,
  openConnection,
  type SealedConnection,
  type SealedFor,
} from './connection.js'
import type { Connector, ConnectorManifest } from './connector.js'
import { CONNECTOR_ERROR_CODES, ConnectorError } from './connector-errors.js'
import type { SharedToken } from './http/auth.js'
import type { HttpClientDeps } from './http/http-client.js'
import { createRateBudgets, type RateBudgets } from './http/rate-budgets.js'
import { createTokenCache, type TokenCache } from './http/token-cache.js'
import type { ImportedAccountsSource } from './manual/imported-accounts.js'
import {
  createManualConnector,
  manualConfigSchema,
  manualManifest,
} from './manual/manual-connector.js'
import type { TaskSink } from './manual/task-sink.js'
import { oktaConnectionSchema, oktaManifest } from './okta/okta-connection.js'
import { createOktaConnector } from './okta/okta-connector.js'
import { createScimConnector, scimConnectionSchema, scimManifest } from './scim/scim-connector.js'
import { resolveScimProfile } from './scim/scim-profile.js'

/** A connected app as the registry needs it: which catalog entry, and its stored connection. */
export type ConnectedApp = {
  readonly id: string
  readonly workspaceId: string
  readonly catalogId: string
  readonly name: string
  readonly owner: string | null
  readonly connection: SealedConnection | null
  /** Changes whenever the app's configuration does; a new value rebuilds the connector. */
  readonly updatedAt: string
  /** Whose secret the connection holds: an app's (default) or a source of people's (Okta). */
  readonly sealedAs?: SealedFor
}

/** What an app.json says about reaching the app, before it is stored. */
export type AppAccess = { readonly connection?: unknown; readonly owner?: string | null }

export type ConnectorRegistryDeps = HttpClientDeps & {
  readonly secretBox: SecretBox
  readonly tasks: TaskSink
  /** Uploaded user exports of apps without an API (the apps domain implements it). */
  readonly imports?: ImportedAccountsSource
}

export type ConnectorRegistry = ReturnType<typeof createConnectorRegistry>

/**
 * Catalog entry → connector (STYLE §4.7 `registry.ts`). The catalog's `integration.connector`
 * picks the factory: `scim` for SCIM apps, `manual` for apps without an API. Connectors are kept
 * per app, so one connection has one token bucket and one circuit breaker however many jobs run,
 * and OAuth access tokens are kept per connection and credentials, so they outlive a rebuilt
 * connector (an edited mapping) and every job and worker of the process shares one.
 */
export function createConnectorRegistry(deps: ConnectorRegistryDeps) {
  const built = new Map<string, { version: string; connector: Connector }>()
  // Quotas shared across connections (Okta's org-wide limits): one bucket per workspace and org.
  const budgets = createRateBudgets(deps)
  const tokens = createTokenCache(deps)

  return {
    /** The manifest a catalog entry's connector has (with the catalog's own profile). */
    manifest(catalogId: string): Result<ConnectorManifest, string> {
      const entry = getCatalogEntry(catalogId)
      if (!entry) return err(`unknown catalog id ${catalogId}`)
      return manifestOf(entry)
    },

    /** Checks an app's connection (or owner, for manual apps); gives the connection to store. */
    validate(catalogId: string, access: AppAccess): Result<Connection<string> | null, string[]> {
      const entry = getCatalogEntry(catalogId)
      if (!entry) return err([`catalogId: unknown app ${catalogId}; see rollcall catalog list`])
      return validateAccess(entry, access)
    },

    /** The app's connector, built on first use; credentials stay sealed until a request needs them. */
    connect(app: ConnectedApp): Result<Connector, ConnectorError> {
      const cached = built.get(app.id)
      if (cached && cached.version === app.updatedAt) return ok(cached.connector)
      const connector = build({ ...deps, budgets, tokens }, app)
      if (connector.ok) built.set(app.id, { version: app.updatedAt, connector: connector.value })
      return connector
    },
  }
}

function manifestOf(entry: CatalogEntry): Result<ConnectorManifest, string> {
  switch (entry.integration.connector) {
    case 'manual':
      return ok(manualManifest(entry))
    case 'scim': {
      const profile = resolveScimProfile(entry)
      return profile.ok ? ok(scimManifest(entry, profile.value)) : profile
    }
    case 'okta':
      return ok(oktaManifest(entry))
  }
}

function validateAccess(
  entry: CatalogEntry,
  access: AppAccess,
): Result<Connection<string> | null, string[]> {
  const kind = entry.integration.connector
  if (kind === 'manual') {
    if (access.connection !== undefined && access.connection !== null) {
      return err([`connection: ${entry.name} has no API; leave connection out and name an owner`])
    }
    const owner = manualConfigSchema.safeParse({ owner: access.owner })
    return owner.success
      ? ok(null)
      : err([`owner: ${entry.name} has no API, so its owner receives tasks; give an email`])
  }
  if (access.connection === undefined || access.connection === null) {
    return err([`connection: ${entry.name} needs a connection (baseUrl and auth)`])
  }
  if (kind === 'okta') {
    const parsed = oktaConnectionSchema.safeParse(access.connection)
    return parsed.success ? ok(parsed.data) : err(connectionProblems(parsed.error))
  }
  const parsed = scimConnectionSchema.safeParse(access.connection)
  if (!parsed.success) return err(connectionProblems(parsed.error))
  const expected = expectedAuth(entry)
  if (expected && parsed.data.auth.type !== expected) {
    return err([`connection.auth.type: ${entry.name} authenticates with "${expected}"`])
  }
  const profile = resolveScimProfile(entry, parsed.data.profile ?? {})
  return profile.ok ? ok(parsed.data) : err([`connection.profile: ${profile.error}`])
}

/**
 * The auth kind the catalog documents for the app; Rollcall stores the token of user-consented
 * or signed-JWT flows as a bearer token. The generic SCIM entry takes any.
 */
function expectedAuth(entry: CatalogEntry): AuthType | undefined {
  if (entry.id === 'scim-generic') return undefined
  const kinds: Partial<Record<CatalogEntry['auth']['method'], AuthType>> = {
    bearer: 'bearer',
    oauth2_client_credentials: 'oauth2_client_credentials',
    api_key_header: 'api_key',
    basic: 'basic',
    oauth2_authorization_code: 'bearer',
    oauth2_jwt_bearer: 'bearer',
  }
  return kinds[entry.auth.method]
}

function connectionProblems(error: z.ZodError): string[] {
  return describeZodIssues(error).map((problem) => `connection.${problem}`)
}

function build(
  deps: ConnectorRegistryDeps & { budgets: RateBudgets; tokens: TokenCache },
  app: ConnectedApp,
): Result<Connector, ConnectorError> {
  const entry = getCatalogEntry(app.catalogId)
  if (!entry) return err(unavailable(`unknown catalog id ${app.catalogId}`))
  if (entry.integration.connector === 'manual') {
    const config = manualConfigSchema.safeParse({ owner: app.owner })
    if (!config.success) return err(unavailable('the app has no owner to receive its tasks'))
    return ok(
      createManualConnector(
        {
          tasks: deps.tasks,
          clock: deps.clock,
          ...(deps.imports ? { imports: deps.imports } : {}),
        },
        { entry, workspaceId: app.workspaceId, appId: app.id, config: config.data },
      ),
    )
  }
  if (!app.connection) return err(unavailable('the app has no connection'))
  const connection = openConnection(app.connection, deps.secretBox, app.id, app.sealedAs)
  const token: SharedToken = {
    cache: deps.tokens,
    slot: { connectionId: app.id, version: credentialVersion(app.connection.auth) },
  }
  const base = { connectionId: app.id, entry, connection, token }
  if (entry.integration.connector === 'okta') {
    return ok(createOktaConnector(deps, { ...base, workspaceId: app.workspaceId }))
  }
  const connector = createScimConnector(deps, base)
  return connector.ok ? connector : err(unavailable(connector.error))
}

function unavailable(detail: string): ConnectorError {
  return new ConnectorError({
    class: 'permanent',
    code: CONNECTOR_ERROR_CODES.permanent,
    message: 'No connector can be built for this app',
    detail,
  })
}
