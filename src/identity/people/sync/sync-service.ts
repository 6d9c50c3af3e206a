import {
  type ConnectorRegistry,
  isOktaConnector,
  type OktaConnector,
} from '../../../integrations/connectors/index.js'
import type { Actor } from '../../../platform/audit/index.js'
import { createLeases } from '../../../platform/jobs/index.js'
import {
  type Db,
  type Dialect,
  decodeJson,
  type Row,
  type Transact,
} from '../../../platform/store/index.js'
import { jsonSqlFor } from '../../../protocol/scim-sql/index.js'
import type { Clock } from '../../../shared/clock.js'
import type { IdGenerator } from '../../../shared/ids.js'
import type { Logger } from '../../../shared/logger.js'
import { err, ok, type Result } from '../../../shared/result.js'
import type { DirectoryReader } from '../../directory/index.js'
import { peopleErrors } from '../people-errors.js'
import type { PeopleWriter } from '../people-writer.js'
import { csvFullReader } from '../sources/csv-reader.js'
import { oktaFullReader } from '../sources/okta-reader.js'
import type { FullReader, SyncFailure } from '../sources/reader.js'
import { scimFullReader } from '../sources/scim-reader.js'
import type {
  StoredCsvConfig,
  StoredOktaConfig,
  StoredScimConfig,
} from '../sources/source-config.js'
import { sourceStore } from '../sources/source-store.js'
import { requireSource } from '../sources/sources-service.js'
import type { SyncProgress, SyncReport } from '../types.js'
import { runFullSync } from './full-sync.js'
import { runOktaIncremental } from './okta-incremental.js'
import { syncRuns } from './sync-run-store.js'

export type SyncServiceDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly dialect: Dialect
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly log: Logger
  readonly writer: PeopleWriter
  readonly connectors: Pick<ConnectorRegistry, 'connect'>
  readonly directories: DirectoryReader
  /** Names this process in leases. */
  readonly holder: string
}

export type SyncOptions = {
  /** `auto`: incremental where the source allows it and has synced before, else full. */
  readonly mode?: 'auto' | 'full' | 'incremental'
  /** Confirms a drop the safety rule held (the admin knows these people left). */
  readonly acceptGone?: boolean
  readonly trigger: 'cli' | 'api' | 'schedule'
  readonly actor: Actor
  readonly onProgress?: (progress: SyncProgress) => void
  readonly signal?: AbortSignal
}

type Built = { reader: FullReader; okta?: OktaConnector }

const LEASE_MS = 5 * 60_000
/** Okta's clock and ours differ; an incremental sync looks back this much further. */
const SKEW_MS = 2 * 60_000

export type SyncService = ReturnType<typeof createSyncService>

/** Runs syncs of sources: one at a time per source (a lease in the database), resumable. */
export function createSyncService(deps: SyncServiceDeps) {
  const runs = syncRuns(deps.db, deps)
  const leases = createLeases(deps.db, deps.clock)
  const engine = {
    db: deps.db,
    transact: deps.transact,
    writer: deps.writer,
    runs,
    log: deps.log,
    now: () => deps.clock.now().toISOString(),
  }

  async function syncSource(
    workspaceId: string,
    sourceId: string,
    options: SyncOptions,
  ): Promise<SyncReport> {
    const source = await requireSource(deps.db, workspaceId, sourceId)
    const holder = `${deps.holder}/${deps.ids.next()}`
    const lease = `sync:${source.id}`
    if (!(await leases.acquire(lease, holder, LEASE_MS))) {
      throw peopleErrors.error(
        'SYNC_RUNNING',
        `A sync of source ${source.name} is already running.`,
      )
    }
    try {
      const mode = modeOf(source, options.mode ?? 'auto')
      const run = await runs.start(source, mode, options.trigger)
      const renew = () => leases.acquire(lease, holder, LEASE_MS)
      const runOptions = { ...options, renew }
      const started = await build(source)
      if (!started.ok) {
        await runs.finish(run.id, 'failed', run.counts, started.error)
        return {
          runId: run.id,
          sourceId,
          kind: source.kind as 'okta',
          mode,
          status: 'failed',
          counts: run.counts,
          error: started.error,
        }
      }
      if (mode === 'incremental' && started.value.okta) {
        const since = new Date(
          Date.parse(source.last_sync_at ?? run.startedAt) - SKEW_MS,
        ).toISOString()
        const config = decodeJson<StoredOktaConfig>(source.config)
        return await runOktaIncremental(
          { ...engine, json: jsonSqlFor(deps.dialect) },
          source,
          started.value.okta,
          config,
          run,
          { ...runOptions, since },
        )
      }
      return await runFullSync(engine, source, started.value.reader, run, runOptions)
    } finally {
      await leases.release(lease, holder)
    }
  }

  async function build(source: Row<'sources'>): Promise<Result<Built, SyncFailure>> {
    if (source.kind === 'scim') {
      const config = decodeJson<StoredScimConfig>(source.config)
      return ok({ reader: scimFullReader(deps.db, deps.directories, config.directoryId) })
    }
    if (source.kind === 'csv')
      return ok({ reader: csvFullReader(decodeJson<StoredCsvConfig>(source.config)) })
    const config = decodeJson<StoredOktaConfig>(source.config)
    const connector = deps.connectors.connect({
      id: source.id,
      workspaceId: source.workspace_id,
      catalogId: 'okta',
      name: source.name,
      owner: null,
      connection: config.connection,
      // The config never changes after `source add`: one connector (and breaker) per source.
      updatedAt: source.created_at,
      sealedAs: 'source',
    })
    if (!connector.ok) return err({ code: connector.error.code, message: connector.error.message })
    if (!isOktaConnector(connector.value))
      return err({ code: 'SOURCE_INVALID', message: 'not an Okta connector' })
    return ok({ reader: oktaFullReader(connector.value, config), okta: connector.value })
  }

  return {
    syncSource,
    /** Every source of a workspace (or one), one after the other; a failure does not stop the rest. */
    async syncWorkspace(
      workspaceId: string,
      options: SyncOptions & { sourceId?: string },
    ): Promise<SyncReport[]> {
      const ids = options.sourceId
        ? [options.sourceId]
        : await sourceStore(deps.db).idsInWorkspace(workspaceId)
      const reports: SyncReport[] = []
      for (const id of ids) reports.push(await syncSource(workspaceId, id, options))
      return reports
    },
    runs,
  }
}

function modeOf(
  source: Row<'sources'>,
  requested: 'auto' | 'full' | 'incremental',
): 'full' | 'incremental' {
  if (source.kind !== 'okta' || requested === 'full') return 'full'
  // The first sync of a source is always full: there is nothing to be incremental against.
  return source.last_full_sync_at === null ? 'full' : 'incremental'
}
