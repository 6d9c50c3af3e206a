import type { AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db } from '../../platform/store/index.js'
import { endOffboarding } from './offboarding-store.js'
import type { ApplyContext, Person } from './types.js'

/** The person.* events a change raises: created, updated, and the status transitions. */
export function personEventTypes(before: Person | undefined, after: Person): string[] {
  if (!before) return ['person.created']
  const types: string[] = []
  if (JSON.stringify(before.resource) !== JSON.stringify(after.resource))
    types.push('person.updated')
  if (before.status !== after.status) {
    if (after.status === 'gone') types.push('person.gone')
    else if (after.status === 'inactive') types.push('person.deactivated')
    else types.push('person.reactivated')
  }
  return types
}

/**
 * The trail of a change to a person, in the change's transaction: one audit entry (before and
 * after) and the events the rest of the hub consumes by cursor (reconciliation, webhooks).
 */
export async function recordPersonChange(
  trx: Db,
  deps: { audit: AuditLog; events: EventLog },
  context: ApplyContext,
  before: Person | undefined,
  after: Person,
): Promise<void> {
  const types = personEventTypes(before, after)
  const snapshot = (p: Person) => ({ status: p.status, version: p.version, resource: p.resource })
  await deps.audit.record(trx, {
    workspaceId: after.workspaceId,
    actor: context.actor,
    action: types.at(-1) ?? 'person.updated',
    target: { type: 'person', id: after.id },
    ...(before ? { before: snapshot(before) } : {}),
    after: { ...snapshot(after), sourceId: context.source.id, runId: context.runId },
  })
  // The source now agrees with an admin's offboarding: it is no longer the admin's alone.
  if (after.status !== 'active' && before?.status === 'active')
    await endOffboarding(trx, {
      ...{ workspaceId: after.workspaceId, personId: after.id, by: context.actor },
      at: after.updatedAt,
      reason: `source ${context.source.id} says they left`,
    })
  for (const type of types) {
    await deps.events.append(trx, {
      workspaceId: after.workspaceId,
      sourceId: context.source.id,
      type,
      subject: { type: 'person', id: after.id },
      data: {
        personId: after.id,
        version: after.version,
        status: after.status,
        sourceKind: context.source.kind,
        resource: after.resource,
      },
    })
  }
}
