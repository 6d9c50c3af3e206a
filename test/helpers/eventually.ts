import { setTimeout as delay } from 'node:timers/promises'

/**
 * Polls until `check` accepts what `read` returns, for something the server does in the
 * background. The budget is generous (two minutes) so a slow machine only makes a test slower;
 * it exists so a real hang fails with what was last seen instead of stalling the suite.
 */
export async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  check: (value: T) => boolean,
): Promise<T> {
  let last: T | undefined
  for (const until = Date.now() + 120_000; Date.now() < until; await delay(50)) {
    last = await read()
    if (check(last)) return last
  }
  throw new Error(`${what} did not happen; last seen: ${JSON.stringify(last)}`)
}
