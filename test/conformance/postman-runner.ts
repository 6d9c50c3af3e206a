import newman, {
  type NewmanExecution,
  type NewmanFailure,
  type NewmanRunSummary,
  type NewmanVariable,
} from 'newman'

/** What one folder of a Postman collection did when newman ran it. */
export type FolderRun = {
  readonly folder: string
  readonly requests: { readonly total: number; readonly failed: number }
  readonly assertions: { readonly total: number; readonly failed: number }
  /** Pre-request and test scripts that threw (a test script that throws skips its later tests). */
  readonly scriptErrors: number
  /** One readable paragraph per failure: request name, what failed, the response body. */
  readonly problems: readonly string[]
  /** The environment as the folder left it (the scripts store ids there for later folders). */
  readonly environment: NewmanVariable[]
}

/** What a folder is expected to run, counted from the collection itself. */
export type FolderPlan = { readonly requests: number; readonly assertions: number }

type PostmanItem = {
  name?: string
  item?: PostmanItem[]
  request?: unknown
  event?: { listen?: string; script?: { exec?: string[] | string } }[]
}

/** Runs one folder with newman's Node API, no reporters, starting from `environment`. */
export function runPostmanFolder(
  collection: unknown,
  folder: string,
  environment: NewmanVariable[],
): Promise<FolderRun> {
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection,
        environment: { values: environment },
        folder,
        reporters: [],
        timeoutRequest: 10_000,
      },
      (error, summary) => {
        if (error) reject(error)
        else resolve(toFolderRun(folder, summary))
      },
    )
  })
}

/** Requests and `pm.test(...)` calls of a top-level folder, so a run that stops early is caught. */
export function planFolder(collection: unknown, folder: string): FolderPlan {
  const items = (collection as { item?: PostmanItem[] }).item ?? []
  const found = items.find((item) => item.name === folder)
  if (!found?.item) throw new Error(`The collection has no folder named '${folder}'.`)
  const requests = flatten(found.item)
  const assertions = requests
    .flatMap((item) => item.event ?? [])
    .filter((event) => event.listen === 'test')
    .map((event) => {
      const exec = event.script?.exec ?? []
      return (Array.isArray(exec) ? exec.join('\n') : exec).match(/\bpm\.test\s*\(/g)?.length ?? 0
    })
    .reduce((sum, count) => sum + count, 0)
  return { requests: requests.length, assertions }
}

function flatten(items: PostmanItem[]): PostmanItem[] {
  return items.flatMap((item) => (item.item ? flatten(item.item) : item.request ? [item] : []))
}

function toFolderRun(folder: string, summary: NewmanRunSummary): FolderRun {
  const { stats, executions, failures } = summary.run
  const problems = failures.map((failure) => describeFailure(folder, failure, executions))
  const runError = summary.run.error ?? summary.error
  if (runError) problems.push(`${folder}: the run itself failed: ${runError.message}`)
  return {
    folder,
    requests: { total: stats.requests.total, failed: stats.requests.failed },
    assertions: { total: stats.assertions.total, failed: stats.assertions.failed },
    scriptErrors: stats.testScripts.failed + stats.prerequestScripts.failed,
    problems,
    environment: summary.environment.toJSON().values,
  }
}

function describeFailure(
  folder: string,
  failure: NewmanFailure,
  executions: readonly NewmanExecution[],
): string {
  const name = failure.source?.name ?? '(unknown request)'
  const execution = executions.find((e) => e.item.id === failure.source?.id)
  const what = failure.error.test
    ? `assertion "${failure.error.test}" failed: ${failure.error.message}`
    : `${failure.error.name}${failure.at ? ` in ${failure.at}` : ''}: ${failure.error.message}`
  const lines = [`✗ ${folder} / ${name}: ${what}`]
  if (execution?.request)
    lines.push(`    request: ${execution.request.method} ${execution.request.url.toString()}`)
  if (execution?.response) {
    lines.push(`    response: ${execution.response.code} ${execution.response.status}`)
    lines.push(`    body: ${truncate(bodyOf(execution) || '(empty)')}`)
  } else if (execution?.requestError) {
    lines.push(`    no response: ${execution.requestError.message}`)
  }
  return lines.join('\n')
}

function bodyOf(execution: NewmanExecution): string {
  const stream = execution.response?.stream
  return stream ? Buffer.from(stream).toString('utf8') : ''
}

function truncate(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text
}
