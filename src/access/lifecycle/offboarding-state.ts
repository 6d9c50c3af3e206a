import {
  actorWords,
  currentOffboarding,
  endOffboarding,
  recordOffboarding,
} from '../../identity/people/index.js'
import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import { lifecycleErrors } from './lifecycle-errors.js'
import { personStatus } from './people-reads-store.js'

export type OffboardingStateDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly clock: Clock
  readonly ids: IdGenerator
  readonly audit: AuditLog
  readonly events: EventLog
}

/**
 * Remembers an admin's offboarding of someone the sources still call active (HR told IT first):
 * later reconciles keep them out of every app until it is reversed (issue 19). People a source
 * already calls gone need no memory: the source says it.
 */
export async function rememberOffboarding(
  deps: OffboardingStateDeps,
  o: { workspaceId: string; personId: string; planId: string; actor: Actor; reason: string },
): Promise<void> {
  const person = await personStatus(deps.db, o.workspaceId, o.personId)
  if (person?.status !== 'active') return
  const at = deps.clock.now().toISOString()
  await deps.transact((trx) =>
    recordOffboarding(trx, {
      ...{ id: deps.ids.next(), workspaceId: o.workspaceId, personId: o.personId },
      ...{ planId: o.planId, by: o.actor, at, reason: o.reason },
    }),
  )
}

/** Onboarding someone an admin offboarded needs the offboarding reversed first, with a reason. */
export async function refuseIfOffboarded(
  db: Db,
  workspaceId: string,
  person: { id: string; label: string },
): Promise<void> {
  const standing = await currentOffboarding(db, workspaceId, person.id)
  if (!standing) return
  throw lifecycleErrors.error(
    'LIFECYCLE_PERSON_OFFBOARDED',
    `${person.label} was offboarded by ${await actorWords(db, workspaceId, standing.by)} on ${standing.at.slice(0, 10)} ` +
      `(${standing.reason}); reverse the offboarding with a reason before giving access back.`,
  )
}

/** An admin reverses a standing offboarding, with a reason (audited, `person.reinstated`). */
export async function reverseOffboarding(
  deps: OffboardingStateDeps,
  r: { workspaceId: string; person: { id: string; label: string }; actor: Actor; reason: string },
): Promise<{ reversed: boolean }> {
  const at = deps.clock.now().toISOString()
  return deps.transact(async (trx) => {
    const reversed = await endOffboarding(trx, {
      ...{ workspaceId: r.workspaceId, personId: r.person.id },
      ...{ by: r.actor, at, reason: r.reason },
    })
    if (!reversed)
      throw lifecycleErrors.error(
        'LIFECYCLE_NOT_OFFBOARDED',
        `${r.person.label} has no standing offboarding to reverse.`,
      )
    await deps.audit.record(trx, {
      workspaceId: r.workspaceId,
      actor: r.actor,
      action: 'person.offboarding_reversed',
      target: { type: 'person', id: r.person.id },
      after: { reason: r.reason },
    })
    await deps.events.append(trx, {
      workspaceId: r.workspaceId,
      sourceId: null,
      type: 'person.reinstated',
      subject: { type: 'person', id: r.person.id },
      data: { personId: r.person.id, reason: r.reason },
    })
    return { reversed }
  })
}
