/**
 * The part of newman's Node API (newman 6, CommonJS, no bundled types) that the conformance tests
 * use: `newman.run(options, callback)` and the run summary it reports.
 * @see https://github.com/postmanlabs/newman#api-reference
 */
declare module 'newman' {
  import type { EventEmitter } from 'node:events'

  export type NewmanVariable = { key: string; value: unknown; type?: string; enabled?: boolean }

  export type NewmanRunOptions = {
    collection: unknown
    environment?: { values: NewmanVariable[] } | unknown
    folder?: string | string[]
    reporters?: string | string[]
    timeoutRequest?: number
    timeoutScript?: number
    bail?: boolean | string[]
  }

  /** postman-collection's Response, as far as the tests read it. */
  export type NewmanResponse = {
    code: number
    status: string
    responseTime: number
    stream?: Uint8Array
    text(): string
  }

  export type NewmanItem = { id: string; name: string }

  export type NewmanExecution = {
    id: string
    item: NewmanItem
    request?: { method: string; url: { toString(): string } }
    response?: NewmanResponse
    requestError?: Error
    assertions?: {
      assertion: string
      skipped: boolean
      error?: { name: string; message: string }
    }[]
    testScript?: { error?: { name: string; message: string } }[]
    prerequestScript?: { error?: { name: string; message: string } }[]
  }

  export type NewmanFailure = {
    error: { name: string; message: string; test?: string }
    at?: string
    source?: { id?: string; name?: string }
    parent?: { name?: string }
  }

  export type NewmanStat = { total: number; failed: number; pending: number }

  export type NewmanRunSummary = {
    error?: Error
    environment: { toJSON(): { values: NewmanVariable[] } }
    run: {
      stats: Record<
        | 'iterations'
        | 'items'
        | 'scripts'
        | 'prerequests'
        | 'requests'
        | 'tests'
        | 'assertions'
        | 'testScripts'
        | 'prerequestScripts',
        NewmanStat
      >
      executions: NewmanExecution[]
      failures: NewmanFailure[]
      error?: Error
    }
  }

  export function run(
    options: NewmanRunOptions,
    callback: (error: Error | null, summary: NewmanRunSummary) => void,
  ): EventEmitter

  const newman: { run: typeof run }
  export default newman
}
