import { setTimeout as delay } from 'node:timers/promises'
import {
  type CanCreateAccount,
  type Connector,
  type ConnectorError,
  DEFAULT_BACKOFF,
  fullJitterBackoff,
  type NewAccount,
} from '../../src/integrations/connectors/index.js'

/**
 * Provisions accounts the way the job runner will (issue 6): a few workers, each operation with
 * its own idempotency key, retried after `retryAfterMs` or full-jitter backoff when its error
 * class is retryable, given up on otherwise. Used by the fault test and the bench.
 */
export type ProvisionOptions = {
  readonly concurrency: number
  readonly maxAttempts?: number
  readonly random?: () => number
}

export type ProvisionReport = {
  readonly created: number
  readonly alreadyExisted: number
  readonly failed: ReadonlyArray<{ userName: string; error: ConnectorError }>
  /** Operation attempts beyond the first (the HTTP client's own retries are not counted). */
  readonly retries: number
  readonly elapsedMs: number
}

export async function provision(
  connector: Connector & CanCreateAccount,
  accounts: readonly NewAccount[],
  options: ProvisionOptions,
): Promise<ProvisionReport> {
  const started = performance.now()
  const queue = [...accounts]
  const report = {
    created: 0,
    alreadyExisted: 0,
    failed: [] as ProvisionReport['failed'][number][],
    retries: 0,
  }
  const worker = async () => {
    for (let account = queue.shift(); account; account = queue.shift()) {
      await provisionOne(connector, account, options, report)
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  return { ...report, elapsedMs: performance.now() - started }
}

async function provisionOne(
  connector: Connector & CanCreateAccount,
  account: NewAccount,
  options: ProvisionOptions,
  report: {
    created: number
    alreadyExisted: number
    failed: ProvisionReport['failed'][number][]
    retries: number
  },
): Promise<void> {
  const idempotencyKey = `provision:${account.userName}`
  const random = options.random ?? Math.random
  for (let attempt = 0; ; attempt++) {
    const result = await connector.createAccount(account, { idempotencyKey })
    if (result.ok) {
      if (result.value.marker === 'already_exists') report.alreadyExisted += 1
      else report.created += 1
      return
    }
    if (!result.error.retryable || attempt + 1 >= (options.maxAttempts ?? 20)) {
      report.failed.push({ userName: account.userName, error: result.error })
      return
    }
    report.retries += 1
    await delay(result.error.retryAfterMs ?? fullJitterBackoff(attempt, DEFAULT_BACKOFF, random))
  }
}

/** `count` accounts named `<prefix>-00001@example.com` …, as a directory would hand them over. */
export function accountsFor(prefix: string, count: number): NewAccount[] {
  return Array.from({ length: count }, (_, i) => {
    const userName = `${prefix}-${String(i + 1).padStart(5, '0')}@example.com`
    return {
      userName,
      emails: [{ value: userName, type: 'work', primary: true }],
      name: { givenName: 'Person', familyName: String(i + 1) },
      active: true,
    }
  })
}
