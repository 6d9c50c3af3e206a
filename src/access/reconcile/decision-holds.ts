import { actorWords } from '../../identity/people/index.js'
import type { Actor } from '../../platform/audit/index.js'
import { type Db, decodeJson } from '../../platform/store/index.js'
import {
  insertRememberedRejection,
  markRejectedEarlier,
  rejectedWithPerson,
  rememberedRejectionCandidates,
} from './decisions-store.js'
import { holdOperations, type PositionRange } from './holds-store.js'

/** Ids per `in (...)` list: far below SQLite's bound-parameter limit. */
const ID_BATCH = 500

/**
 * Holds the removals (deactivations, deletions, their manual tasks) of these people, each with
 * its reason in words: the departure gate's bursts (issue 13) speak of people, not apps.
 */
export async function holdPeopleRemovals(
  trx: Db,
  planId: string,
  holds: ReadonlyMap<string, string>,
  range: PositionRange,
): Promise<void> {
  const byReason = new Map<string, string[]>()
  for (const [personId, reason] of holds)
    byReason.set(reason, [...(byReason.get(reason) ?? []), personId])
  for (const [reason, people] of byReason) {
    for (let i = 0; i < people.length; i += ID_BATCH) {
      const batch = people.slice(i, i + ID_BATCH)
      await holdOperations(
        trx,
        { planId, reason, range },
        { personIds: batch, findingKinds: ['residual'] },
      )
    }
  }
}

/** What a rejection saw: the operation's intent and version (its key) and the person's version. */
export function factsOf(idempotencyKey: string, personVersion: number | null): string {
  return `${idempotencyKey}|${personVersion ?? ''}`
}

/**
 * Remembers rejected operations per person, app and kind (issue 19): the next plans show them
 * rejected with who and why instead of asking again, until the memory expires or the facts
 * change. Operations without a person (orphans) are not remembered: nothing identifies them
 * across plans but the account, whose own change ends the memory anyway.
 */
export async function rememberRejections(
  trx: Db,
  r: {
    workspaceId: string
    operationIds: readonly string[]
    actor: Actor
    reason: string
    now: string
    expiresAt: string
    ids: { next(): string }
  },
): Promise<void> {
  for (let i = 0; i < r.operationIds.length; i += ID_BATCH) {
    const ops = await rejectedWithPerson(trx, r.operationIds.slice(i, i + ID_BATCH))
    for (const op of ops) {
      await insertRememberedRejection(trx, {
        ...{ id: r.ids.next(), workspaceId: r.workspaceId, personId: op.personId },
        ...{ appId: op.appId, kind: op.kind, operationId: op.id },
        facts: factsOf(op.idempotencyKey, op.personVersion),
        ...{ actor: r.actor, now: r.now, reason: r.reason, expiresAt: r.expiresAt },
      })
    }
  }
}

/**
 * Marks the plan's operations that an unexpired rejection already answered as `rejected`, with
 * the earlier decision's who and why. A changed account or person (other facts) asks again.
 */
export async function applyRememberedRejections(
  trx: Db,
  plan: { planId: string; workspaceId: string; now: string },
  range: PositionRange,
): Promise<void> {
  const candidates = await rememberedRejectionCandidates(trx, plan, range)
  const done = new Set<string>()
  // One lookup per decider, however many operations they answered.
  const names = new Map<string, Promise<string>>()
  const who = (decidedBy: unknown) => {
    const key = typeof decidedBy === 'string' ? decidedBy : JSON.stringify(decidedBy)
    if (!names.has(key))
      names.set(key, actorWords(trx, plan.workspaceId, decodeJson<Actor>(decidedBy)))
    return names.get(key) as Promise<string>
  }
  for (const c of candidates) {
    if (done.has(c.id)) continue
    if (c.facts !== factsOf(c.idempotencyKey, c.personVersion)) continue
    done.add(c.id)
    await markRejectedEarlier(trx, c.id, {
      decidedBy: c.decidedBy,
      decidedAt: c.decidedAt,
      reason: `rejected earlier by ${await who(c.decidedBy)}: ${c.reason}`,
    })
  }
}

/** Holds every task operation of these apps, each app with its reason. */
export async function holdTasks(
  trx: Db,
  planId: string,
  reasons: ReadonlyMap<string, string>,
  range: PositionRange,
): Promise<void> {
  for (const [appId, reason] of reasons)
    await holdOperations(trx, { planId, reason, range }, { appId, kind: 'task' })
}
