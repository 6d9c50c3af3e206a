import type { FetchLike, Sleep } from '../../integrations/connectors/index.js'
import { type AuditLog, createAuditLog } from '../../platform/audit/index.js'
import type { ResolvedConfig } from '../../platform/config/index.js'
import { resolveSecretKey } from '../../platform/config/index.js'
import { createEventLog } from '../../platform/events/index.js'
import { createJobQueue } from '../../platform/jobs/index.js'
import { openStore, type Store, signalCommits } from '../../platform/store/index.js'
import { createWebhookDispatcher, createWebhookService } from '../../platform/webhooks/index.js'
import { type Clock, systemClock } from '../../shared/clock.js'
import { createSecretBox, type SecretBox } from '../../shared/crypto/secret-box.js'
import { type IdGenerator, uuidGenerator } from '../../shared/ids.js'
import { createLogger, type Logger } from '../../shared/logger.js'

export type ServiceOverrides = {
  clock?: Clock
  ids?: IdGenerator
  log?: Logger
  /** An already open store (tests pass one per dialect). */
  store?: Store
  /** Waiting and outbound HTTP of connectors (tests drive rate limits with a fake clock). */
  sleep?: Sleep
  fetch?: FetchLike
}

/** Events sent to one webhook per round before the others get their turn. */
const WEBHOOK_BATCH = 100

/**
 * The platform tier on one store: logger, clock, ids, the secret key and the box sealed with it,
 * the store, the audit trail, the event log, the durable job queue and webhooks. Every tier above
 * is built on this.
 */
export async function createPlatformServices(
  config: ResolvedConfig,
  overrides: ServiceOverrides = {},
) {
  const log = overrides.log ?? createLogger({ level: config.log.level })
  const clock = overrides.clock ?? systemClock
  const ids = overrides.ids ?? uuidGenerator
  const secretKey = loadSecretKey(config, log)
  const secretBox = createSecretBox(secretKey)
  const store = signalCommits(
    overrides.store ??
      (await openStore({ url: config.database.url, poolSize: config.database.poolSize })),
  )
  const audit = createAuditLog({ clock, ids })
  const events = createEventLog({ clock, ids, dialect: store.dialect })
  const base = { config, log, clock, ids, secretKey, secretBox, store, audit, events }
  return {
    ...base,
    /** Outbound HTTP (webhooks, connectors); default: the global fetch. */
    fetch: overrides.fetch ?? globalThis.fetch,
    /** The durable job queue for the store's dialect; starts on first use (pg-boss). */
    jobs: createJobQueue({ store, clock, ids, log, leaseMs: config.jobs.leaseMs }),
    ...createWebhooks(base, overrides.fetch ?? globalThis.fetch),
  }
}

export type PlatformServices = Awaited<ReturnType<typeof createPlatformServices>>

/** The key secrets at rest are sealed with (and console and OAuth keys derived from). */
function loadSecretKey(config: ResolvedConfig, log: Logger) {
  const secret = resolveSecretKey(config.secretKey, config.dataDir)
  if (secret.generated) {
    log.warn(
      { file: secret.file },
      'generated a secret key for encrypting secrets at rest; back it up, or set ROLLCALL_SECRET_KEY',
    )
  }
  return secret.key
}

type WebhookDeps = {
  readonly config: ResolvedConfig
  readonly store: Store
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly log: Logger
  readonly audit: AuditLog
  readonly secretBox: SecretBox
}

/** Webhook subscriptions (the management API) and their dispatcher (the server's worker). */
function createWebhooks(deps: WebhookDeps, fetch: FetchLike) {
  const { store, clock, ids, log, secretBox } = deps
  const webhooks = createWebhookService({
    ...{ db: store.db, dialect: store.dialect, transact: store.transact, clock, ids },
    ...{ audit: deps.audit, secretBox },
  })
  const webhookDispatcher = createWebhookDispatcher({
    ...{ db: store.db, transact: store.transact, clock, ids, log, secretBox },
    ...{ random: Math.random, fetch },
    holder: `${process.pid}-${ids.next()}`,
    settings: { ...deps.config.webhooks, batch: WEBHOOK_BATCH },
  })
  return { webhooks, webhookDispatcher }
}
