/**
 * People: who works here, as the canonical SCIM User merged from every source (an Okta org, an
 * inbound SCIM directory, a CSV file), with correlation, ambiguities, sync runs and the safety
 * rule. The identity graph builds on it: assignment rules are SCIM filters over people.
 */

/**
 * An admin's offboarding as the person's standing state (issue 19): recorded by the lifecycle
 * domain, read by reconciliation, ended by a reversal or when a source says the person left.
 */
export {
  currentOffboarding,
  endOffboarding,
  type Offboarding,
  recordOffboarding,
} from './offboarding-store.js'
/** Who decided, in words (a member by email): offboardings, remembered rejections. */
export { actorWords } from './offboarding-view.js'
/**
 * Builds the domain: `people` (read, by SCIM filter as SQL), `sources` (add, list), `sync`
 * (full, incremental, resumable) and the server's background workers.
 * @example
 * const domain = createPeopleDomain({ db, transact, dialect, clock, ids, audit, events, secretBox, connectors, directories, log })
 * await domain.sync.syncWorkspace(workspaceId, { trigger: 'cli', actor })
 * await domain.people.list(workspaceId, { filter: 'groups.display eq "Engineering" and active eq true' })
 */
export {
  type BackgroundSettings,
  createPeopleDomain,
  type PeopleDomain,
  type PeopleDomainDeps,
} from './people-domain.js'
/** The error catalog of sources and syncs (docs/errors.md). */
export { peopleErrors } from './people-errors.js'
/** The people table as a `TableLayout` for directory/sql's filter translation. */
export { PEOPLE_LAYOUT } from './people-layout.js'
/** `/api/sources`, `/api/sources/:id/sync`, `/api/people`, `/api/people-counts`. */
export { type PeopleRoutesDeps, peopleRoutes } from './people-routes.js'
export type {
  Ambiguity,
  PeopleCounts,
  PeopleListQuery,
  PeopleService,
} from './people-service.js'
export type { Source, SourcesService } from './sources/sources-service.js'
export { SOURCE_KINDS } from './sources/sources-service.js'
/** Which sync a source is due for; pure, for tests and the console. */
export { dueMode } from './sync/scheduler.js'
export type { SyncOptions, SyncService } from './sync/sync-service.js'
export type {
  Person,
  PersonStatus,
  SourceKind,
  SyncCounts,
  SyncMode,
  SyncProgress,
  SyncReport,
  SyncStatus,
} from './types.js'
