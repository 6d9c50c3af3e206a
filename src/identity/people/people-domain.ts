import type { ConnectorRegistry } from '../../integrations/connectors/index.js'
import type { AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { BackgroundWorker } from '../../platform/jobs/index.js'
import type { Db, Dialect, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { SecretBox } from '../../shared/crypto/secret-box.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import type { DirectoryReader } from '../directory/index.js'
import { createPeopleService } from './people-service.js'
import { createPeopleWriter } from './people-writer.js'
import { createSourcesService } from './sources/sources-service.js'
import { createScimEventLoop } from './sync/background.js'
import { createSyncScheduler } from './sync/scheduler.js'
import { createSyncService } from './sync/sync-service.js'

export type PeopleDomainDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly dialect: Dialect
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly audit: AuditLog
  readonly events: EventLog
  readonly secretBox: SecretBox
  readonly connectors: Pick<ConnectorRegistry, 'validate' | 'connect'>
  readonly directories: DirectoryReader
  readonly log: Logger
}

export type BackgroundSettings = {
  /** How often the SCIM directory sources look for new events (the 1-second target). */
  readonly eventPollMs: number
  /** How often the scheduler looks for due syncs. */
  readonly schedulerMs: number
}

/**
 * Builds the people domain on one store: people (read), sources (add, list), syncs, and the
 * background workers the server starts (the SCIM event loop, the sync scheduler).
 */
export function createPeopleDomain(deps: PeopleDomainDeps) {
  const writer = createPeopleWriter(deps)
  const holder = `${process.pid}-${deps.ids.next()}`
  const sync = createSyncService({ ...deps, writer, holder })
  return {
    people: createPeopleService(deps),
    sources: createSourcesService(deps),
    sync,
    /** Background workers for the server process; the CLI never starts them. */
    background(settings: BackgroundSettings): BackgroundWorker[] {
      return [
        createScimEventLoop({ ...deps, writer, holder, intervalMs: settings.eventPollMs }),
        createSyncScheduler({ ...deps, sync, intervalMs: settings.schedulerMs }),
      ]
    },
  }
}

export type PeopleDomain = ReturnType<typeof createPeopleDomain>
