import { randomBytes } from 'node:crypto'
import { getCatalogEntry } from '../../src/integrations/catalog/index.js'
import type { HttpClientDeps } from '../../src/integrations/connectors/index.js'
import {
  type Connection,
  createOktaConnector,
  createRateBudgets,
  createScimConnector,
  type FetchLike,
  type OktaConnector,
  oktaConnectionSchema,
  openConnection,
  type ScimConnector,
  sealConnection,
  systemSleep,
} from '../../src/integrations/connectors/index.js'
import { systemClock } from '../../src/shared/clock.js'
import { createSecretBox } from '../../src/shared/crypto/secret-box.js'
import { silentLogger } from '../../src/shared/logger.js'

/** One request a connector sent, as the app received it. */
export type RecordedRequest = {
  readonly method: string
  readonly url: URL
  readonly body: unknown
}

/** The real fetch, with every request written down (tests read what the connector sent). */
export function recordingFetch(): { fetch: FetchLike; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = []
  const fetch: FetchLike = async (url, init) => {
    const text = typeof init.body === 'string' ? init.body : undefined
    requests.push({
      method: init.method ?? 'GET',
      url: new URL(url),
      body: text === undefined ? undefined : parsed(text),
    })
    return globalThis.fetch(url, init)
  }
  return { fetch, requests }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Real clock, real sleep, real jitter: what the composition root gives connectors. */
export function connectorDeps(fetch: FetchLike): HttpClientDeps {
  return { fetch, clock: systemClock, random: Math.random, sleep: systemSleep, log: silentLogger() }
}

/** Fast enough for tests that are not about rate limits; the tenant "documents" its limit. */
export const GENEROUS_LIMIT = { requests: 1000, windowMs: 1000, share: 1 } as const

/**
 * A SCIM connector built the way the hub builds one: the connection sealed as it is stored,
 * opened again with `Secret`s, then handed to the connector.
 */
export function scimConnectorFor(
  catalogId: string,
  connection: Connection<string>,
  fetch: FetchLike,
  deps: Partial<HttpClientDeps> = {},
): ScimConnector {
  const entry = getCatalogEntry(catalogId)
  if (!entry) throw new Error(`no catalog entry ${catalogId}`)
  const box = createSecretBox(randomBytes(32).toString('hex'))
  const appId = `app-${randomBytes(4).toString('hex')}`
  const opened = openConnection(sealConnection(connection, box, appId), box, appId)
  const built = createScimConnector(
    { ...connectorDeps(fetch), ...deps },
    {
      connectionId: appId,
      entry,
      connection: opened,
    },
  )
  if (!built.ok) throw new Error(built.error)
  return built.value
}

/** Unique user names per test run, so targets can be shared between tests. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}@acme.test`
}

/**
 * An Okta connector built as the registry builds one: the connection validated by the Okta
 * schema, sealed as stored and opened again; `deps` may bring a fake clock and sleep.
 */
export function oktaConnectorFor(
  connection: unknown,
  fetch: FetchLike,
  deps: Partial<HttpClientDeps> = {},
  workspaceId = 'ws-test',
): OktaConnector {
  const entry = getCatalogEntry('okta')
  if (!entry) throw new Error('no okta catalog entry')
  const parsed = oktaConnectionSchema.parse(connection)
  const box = createSecretBox(randomBytes(32).toString('hex'))
  const appId = `app-${randomBytes(4).toString('hex')}`
  const opened = openConnection(sealConnection(parsed, box, appId), box, appId)
  const base = { ...connectorDeps(fetch), ...deps }
  return createOktaConnector(
    { ...base, budgets: createRateBudgets(base) },
    { connectionId: appId, workspaceId, entry, connection: opened },
  )
}
