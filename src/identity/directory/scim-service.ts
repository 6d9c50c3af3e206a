import type { AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db, Dialect, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import { createGroupRepository } from './resources/group-repository.js'
import { createMembershipCleanup } from './resources/membership-cleanup.js'
import { createChangeRecorder } from './resources/record-change.js'
import { createResourceService } from './resources/resource-service.js'
import { createUserRepository } from './resources/user-repository.js'

export type ScimServiceDeps = {
  log: Logger
  db: Db
  transact: Transact
  dialect: Dialect
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
  events: EventLog
}

/** The users and groups of inbound SCIM directories: what the IdP says is true. */
export function createScimService(deps: ScimServiceDeps) {
  const changes = createChangeRecorder({ audit: deps.audit, events: deps.events })
  const onDeleted = createMembershipCleanup({ clock: deps.clock, changes })
  const shared = {
    db: deps.db,
    transact: deps.transact,
    dialect: deps.dialect,
    clock: deps.clock,
    ids: deps.ids,
    changes,
    onDeleted,
  }
  return {
    users: createResourceService(createUserRepository(deps.dialect, deps), shared),
    groups: createResourceService(createGroupRepository(deps.dialect, deps), shared),
  }
}

export type ScimService = ReturnType<typeof createScimService>
