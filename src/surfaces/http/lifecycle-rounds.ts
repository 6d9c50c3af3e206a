import { expireHeld } from '../../access/reconcile/index.js'
import { createTaskLifecycle } from '../../access/tasks/index.js'
import { followDepartures, recordClosedWindows } from '../../access/windows/index.js'
import type { PlatformServices } from './platform-services.js'

type RoundDeps = Pick<
  PlatformServices,
  'store' | 'clock' | 'ids' | 'audit' | 'events' | 'webhookDispatcher'
>

/**
 * The lifecycle rounds the server runs (workers.ts; tests call them directly): webhook
 * deliveries, and the slower round that follows departures, verifies done tasks against the
 * latest account imports, records residual-access windows that closed, sends task reminders and
 * expires undecided approvals.
 */
export function createLifecycleRounds(
  deps: RoundDeps,
  /** Access requests whose time ended are recorded as expired (issue 18). */
  more: { expireRequests?: () => Promise<number> } = {},
) {
  const { store, clock, ids, audit, events } = deps
  const tasks = createTaskLifecycle({
    db: store.db,
    transact: store.transact,
    clock,
    audit,
    events,
  })
  return {
    deliverWebhooks: () => deps.webhookDispatcher.deliverDue(),
    async runLifecycle() {
      const departures = await followDepartures({
        db: store.db,
        transact: store.transact,
        clock,
        ids,
      })
      const verified = await tasks.verifyCompleted()
      const windows = await recordClosedWindows({ db: store.db, clock, ids })
      const reminders = await tasks.sendReminders()
      const expired = await expireHeld({
        ...{ db: store.db, transact: store.transact },
        ...{ clock, audit, events },
      })
      const requestsExpired = (await more.expireRequests?.()) ?? 0
      return { departures, verified, windows, reminders, expired, requestsExpired }
    },
  }
}

export type LifecycleRounds = ReturnType<typeof createLifecycleRounds>
