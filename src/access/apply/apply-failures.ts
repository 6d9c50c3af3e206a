import type { ClassifiedFailure, FailureClass } from '../../shared/failure.js'

/**
 * Why a job of apply failed when no connector was at fault: a race with another process or
 * with an admin, classified where it happens so the job queue retries only what a retry can
 * mend. Stored with the job's retries and dead letter (and a failed operation's error).
 */
export const APPLY_FAILURES = {
  /** Another process (the scheduler, an admin's refresh) is listing the app right now. */
  APPLY_REFRESH_BUSY: {
    class: 'transient',
    message: 'Another refresh of the app is running; the refresh after apply waits for it',
  },
  /** Another process took the app's refresh lease over mid-way. */
  APPLY_REFRESH_TAKEN_OVER: {
    class: 'transient',
    message: 'Another process took the refresh of the app over; the refresh after apply retries',
  },
  /**
   * The refresh's listing would remove too many accounts (the graph's safety rule): an admin
   * accepting the removals (`refresh --accept-gone`) lets the next attempt through.
   */
  APPLY_REFRESH_HELD: {
    class: 'transient',
    message: 'The refresh of the app after apply was held by the removal safety rule',
  },
  /** The app was removed while its job waited: nothing is left to apply to or refresh. */
  APPLY_APP_GONE: {
    class: 'not_found',
    message: 'The app was removed while its job waited in the queue',
  },
} as const satisfies Record<string, { class: FailureClass; message: string }>

export type ApplyFailureCode = keyof typeof APPLY_FAILURES

export class ApplyFailure extends Error implements ClassifiedFailure {
  readonly class: FailureClass
  readonly code: ApplyFailureCode
  /** Private detail for the log; never in `toJSON`. */
  readonly detail: string | undefined

  constructor(code: ApplyFailureCode, detail?: string) {
    super(APPLY_FAILURES[code].message)
    this.name = 'ApplyFailure'
    this.code = code
    this.class = APPLY_FAILURES[code].class
    this.detail = detail
  }

  toJSON(): Record<string, unknown> {
    return { class: this.class, code: this.code, message: this.message }
  }
}
