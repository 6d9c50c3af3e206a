import type { Db } from '../store/index.js'

/** A job that will not be tried again, and why. */
export type DeadLetter = {
  readonly key: string
  readonly queue: string
  /** JSON of the job's data. */
  readonly data: string
  readonly reason: string
  /** JSON of the last failure, as the public sees it. */
  readonly error: string
  readonly attempts: number
  readonly at: string
}

/**
 * Records a dead job inside the transaction that buries it; a key dead-lettered again keeps its
 * first row and takes the newer reason.
 */
export async function recordDeadLetter(trx: Db, letter: DeadLetter): Promise<void> {
  await trx
    .insertInto('job_dead_letters')
    .values(letter)
    .onConflict((oc) => oc.column('key').doUpdateSet({ reason: letter.reason }))
    .execute()
}
