import assertModule from 'node:assert'
import { performance } from 'node:perf_hooks'
import vm from 'node:vm'

/**
 * A small replayer for Runscope (BlazeMeter API Monitoring) test exports, enough to run Okta's
 * "SCIM 2.0 SPEC Test" offline: request steps with `{{variable}}` templates, variables taken from
 * JSON responses, assertions by source/comparison/property/value, and post-response scripts.
 * Anything in an export it does not implement (a step type, an assertion source or comparison, a
 * template function, a form or auth block) is an error before the first request, never a skip.
 */

export type RunscopeExport = { readonly name?: string; readonly steps: readonly RunscopeStep[] }

export type RunscopeStep = {
  readonly step_type: string
  readonly skipped?: boolean
  readonly note?: string
  readonly method?: string
  readonly url?: string
  readonly headers?: Readonly<Record<string, readonly string[]>>
  readonly body?: string | null
  readonly auth?: Readonly<Record<string, unknown>>
  readonly form?: Readonly<Record<string, unknown>>
  readonly multipart_form?: readonly unknown[]
  readonly binary_body?: unknown
  readonly assertions?: readonly RunscopeAssertion[]
  readonly variables?: readonly RunscopeVariable[]
  readonly scripts?: readonly string[]
  readonly before_scripts?: readonly string[]
  readonly duration?: number
}

export type RunscopeAssertion = {
  readonly source: string
  readonly comparison: string
  readonly property?: string | null
  readonly value?: string | number | null
}

export type RunscopeVariable = {
  readonly source: string
  readonly name: string
  readonly property?: string | null
}

/** The outcome of one assertion, script or variable extraction. */
export type Check = {
  readonly kind: 'assertion' | 'script' | 'variable'
  readonly description: string
  readonly passed: boolean
  readonly detail?: string
}

export type StepRun = {
  /** 1-based position among all steps of the export (pauses included), as Runscope numbers them. */
  readonly position: number
  readonly note: string
  readonly method: string
  readonly url: string
  readonly status?: number
  readonly responseTimeMs?: number
  readonly body?: string
  readonly error?: string
  readonly checks: readonly Check[]
}

export type ReplayReport = {
  readonly steps: readonly StepRun[]
  readonly requests: number
  readonly assertions: { readonly total: number; readonly failed: number }
  readonly scripts: { readonly total: number; readonly failed: number }
  /** One readable paragraph per failed check or failed request. */
  readonly failures: readonly string[]
}

export type ReplayOptions = {
  /** Runscope's "initial variables" (and what an initial script would have set). */
  readonly variables: Readonly<Record<string, string>>
  readonly timeoutMs?: number
}

/** The comparisons this replayer implements, by Runscope's export names. */
const COMPARISONS: Readonly<Record<string, (actual: unknown, expected: string) => boolean>> = {
  equal: (actual, expected) => isPresent(actual) && asText(actual) === expected,
  equal_number: (actual, expected) => isNumeric(actual) && Number(actual) === Number(expected),
  not_empty: (actual) => !isEmpty(actual),
  // An array (`schemas`) holding the value as one of its elements.
  has_value: (actual, expected) =>
    Array.isArray(actual) && actual.some((item) => isPresent(item) && asText(item) === expected),
  // A string containing the value, or an array with an element containing it.
  contains: (actual, expected) =>
    typeof actual === 'string'
      ? actual.includes(expected)
      : Array.isArray(actual) &&
        actual.some((item) => isPresent(item) && asText(item).includes(expected)),
  // A JSON number: Okta requires totalResults and friends as integers, not strings.
  is_a_number: (actual) => typeof actual === 'number' && Number.isFinite(actual),
  is_less_than: (actual, expected) => isNumeric(actual) && Number(actual) < Number(expected),
}

const SOURCES = ['response_status', 'response_json', 'response_time'] as const
type Source = (typeof SOURCES)[number]

/** Throws on anything in the export that this replayer would otherwise silently misread. */
export function checkSupported(test: RunscopeExport, options: ReplayOptions): void {
  const known = new Set([
    ...Object.keys(options.variables),
    ...test.steps.flatMap((step) => (step.variables ?? []).map((v) => v.name)),
  ])
  const problems = test.steps.flatMap((step, index) =>
    stepProblems(step, known).map(
      (p) => `step ${index + 1} (${step.note ?? step.step_type}): ${p}`,
    ),
  )
  if (problems.length > 0) {
    throw new Error(
      `The Runscope export uses what this replayer does not implement:\n${problems.join('\n')}`,
    )
  }
}

function stepProblems(step: RunscopeStep, known: ReadonlySet<string>): string[] {
  if (step.step_type === 'pause') return []
  if (step.step_type !== 'request') return [`unsupported step_type '${step.step_type}'`]
  const problems = requestProblems(step)
  for (const assertion of step.assertions ?? []) problems.push(...assertionProblems(assertion))
  for (const variable of step.variables ?? []) {
    if (variable.source !== 'response_json' || !variable.property)
      problems.push(`variable '${variable.name}' from '${variable.source}'`)
  }
  const templated = [
    step.url ?? '',
    step.body ?? '',
    ...Object.values(step.headers ?? {}).flat(),
    ...(step.assertions ?? []).map((a) => String(a.value ?? '')),
  ]
  for (const name of templated.flatMap(templateNames))
    if (!known.has(name)) problems.push(`variable '{{${name}}}' is never defined`)
  return problems
}

function requestProblems(step: RunscopeStep): string[] {
  const unsupported: [boolean, string][] = [
    [!step.method || !step.url, 'a request step needs a method and a url'],
    [Object.keys(step.auth ?? {}).length > 0, "an 'auth' block"],
    [Object.keys(step.form ?? {}).length > 0, 'a form body'],
    [(step.multipart_form ?? []).length > 0, 'a multipart body'],
    [step.binary_body != null, 'a binary body'],
    [(step.before_scripts ?? []).some((s) => s.trim() !== ''), 'before_scripts'],
  ]
  return unsupported.filter(([found]) => found).map(([, what]) => what)
}

function assertionProblems(assertion: RunscopeAssertion): string[] {
  const problems: string[] = []
  if (!isSource(assertion.source)) problems.push(`unknown assertion source '${assertion.source}'`)
  if (!(assertion.comparison in COMPARISONS))
    problems.push(`unknown comparison '${assertion.comparison}'`)
  if (assertion.source === 'response_json' && !assertion.property)
    problems.push('a response_json assertion without a property')
  return problems
}

/**
 * Replays every request step in order (pauses are separators: the server is local and commits
 * before it answers, so there is nothing to wait for), and reports every check.
 */
export async function replayRunscope(
  test: RunscopeExport,
  options: ReplayOptions,
): Promise<ReplayReport> {
  checkSupported(test, options)
  const variables = new Map(Object.entries(options.variables))
  const steps: StepRun[] = []
  for (const [index, step] of test.steps.entries()) {
    if (step.step_type !== 'request' || step.skipped) continue
    steps.push(await runStep(step, index + 1, variables, options.timeoutMs ?? 10_000))
  }
  const checks = steps.flatMap((s) => s.checks)
  const count = (kind: Check['kind']) => {
    const ofKind = checks.filter((c) => c.kind === kind)
    return { total: ofKind.length, failed: ofKind.filter((c) => !c.passed).length }
  }
  return {
    steps,
    requests: steps.length,
    assertions: count('assertion'),
    scripts: count('script'),
    failures: steps.flatMap(describeFailures),
  }
}

async function runStep(
  step: RunscopeStep,
  position: number,
  variables: Map<string, string>,
  timeoutMs: number,
): Promise<StepRun> {
  const fill = (text: string) => substitute(text, variables)
  const method = step.method as string
  const base = { position, note: step.note ?? '', method, url: step.url as string }
  let prepared: { url: string; headers: Headers; body?: string; expected: string[] }
  try {
    // A variable that an earlier step failed to capture makes this step fail, not the replay.
    const headers = new Headers()
    for (const [name, values] of Object.entries(step.headers ?? {}))
      for (const value of values) headers.append(name, fill(value))
    prepared = {
      url: fill(step.url as string),
      headers,
      ...(step.body ? { body: fill(step.body) } : {}),
      expected: (step.assertions ?? []).map((a) => fill(String(a.value ?? ''))),
    }
  } catch (error) {
    return { ...base, error: messageOf(error), checks: [] }
  }
  const url = prepared.url
  const started = performance.now()
  let response: Response
  let body: string
  try {
    response = await fetch(url, {
      method,
      headers: prepared.headers,
      ...(prepared.body !== undefined ? { body: prepared.body } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    })
    body = await response.text()
  } catch (error) {
    return { ...base, url, error: `request failed: ${messageOf(error)}`, checks: [] }
  }
  const responseTimeMs = Math.round(performance.now() - started)
  const json = parseJson(body)
  const actualOf = (source: Source, property?: string | null): unknown => {
    if (source === 'response_status') return response.status
    if (source === 'response_time') return responseTimeMs
    return json.ok ? readProperty(json.value, property ?? '') : undefined
  }
  const checks: Check[] = (step.assertions ?? []).map((assertion, index) => {
    const expected = prepared.expected[index] as string
    const actual = actualOf(assertion.source as Source, assertion.property)
    const passed = (COMPARISONS[assertion.comparison] as (a: unknown, e: string) => boolean)(
      actual,
      expected,
    )
    const subject =
      assertion.source === 'response_json'
        ? `response_json ${assertion.property}`
        : assertion.source
    const wanted = assertion.value == null ? '' : ` '${expected}'`
    return {
      kind: 'assertion',
      description: `${subject} ${assertion.comparison}${wanted}`,
      passed,
      ...(passed
        ? {}
        : {
            detail:
              assertion.source === 'response_json' && !json.ok
                ? 'the response body is not JSON'
                : `actual: ${JSON.stringify(actual) ?? 'undefined (no such property)'}`,
          }),
    }
  })
  for (const variable of step.variables ?? []) {
    const value = json.ok ? readProperty(json.value, variable.property ?? '') : undefined
    if (isPresent(value)) variables.set(variable.name, asText(value))
    else
      checks.push({
        kind: 'variable',
        description: `variable ${variable.name} ← response_json ${variable.property}`,
        passed: false,
        detail: 'the response has no such property',
      })
  }
  for (const script of step.scripts ?? []) {
    if (script.trim() !== '')
      checks.push(runScript(script, response, body, responseTimeMs, variables))
  }
  return { ...base, url, status: response.status, responseTimeMs, body, checks }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/**
 * A post-response script, as Runscope runs it: `response` (status, body text, headers, time),
 * `variables.get/set`, Chai-style `assert(expr, message)` / `assert.ok` (node:assert provides
 * both), and `log`. A script that throws or calls what is not provided fails.
 */
function runScript(
  script: string,
  response: Response,
  body: string,
  responseTimeMs: number,
  variables: Map<string, string>,
): Check {
  const logs: string[] = []
  const context = vm.createContext({
    response: {
      status: response.status,
      body,
      headers: headersObject(response.headers),
      response_time: responseTimeMs,
    },
    variables: {
      get: (name: string) => variables.get(name),
      set: (name: string, value: unknown) => variables.set(name, String(value)),
    },
    assert: assertModule,
    log: (...values: unknown[]) => logs.push(values.map(String).join(' ')),
  })
  try {
    vm.runInContext(script, context, { timeout: 1000 })
    return { kind: 'script', description: 'post-response script', passed: true }
  } catch (error) {
    return {
      kind: 'script',
      description: 'post-response script',
      passed: false,
      detail: `${messageOf(error)}${logs.length > 0 ? `; log: ${logs.join(' | ')}` : ''}`,
    }
  }
}

function describeFailures(step: StepRun): string[] {
  const context = [
    `    request: ${step.method} ${step.url}${step.status ? ` → ${step.status} (${step.responseTimeMs} ms)` : ''}`,
    ...(step.body !== undefined ? [`    body: ${truncate(step.body || '(empty)')}`] : []),
  ].join('\n')
  const header = `✗ [step ${step.position}] ${step.note}`
  if (step.error) return [`${header}: ${step.error}\n${context}`]
  return step.checks
    .filter((check) => !check.passed)
    .map((check) => `${header}: ${check.description} — ${check.detail ?? 'failed'}\n${context}`)
}

/** `{{name}}` → its value; an undefined variable is an error, as in Runscope. */
export function substitute(text: string, variables: ReadonlyMap<string, string>): string {
  return text.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (_whole, name: string) => {
    const value = variables.get(name)
    if (value === undefined) throw new Error(`Variable '${name}' was not defined.`)
    return value
  })
}

function templateNames(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)].map((m) => m[1] as string)
}

/** `Resources[0].name.familyName` → the value at that path, or undefined. */
export function readProperty(root: unknown, property: string): unknown {
  const segments = [...property.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
    m[2] !== undefined ? Number(m[2]) : (m[1] as string),
  )
  let current: unknown = root
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string | number, unknown>)[segment]
  }
  return current
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) }
  } catch {
    return { ok: false }
  }
}

function isSource(source: string): source is Source {
  return (SOURCES as readonly string[]).includes(source)
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null
}

function isEmpty(value: unknown): boolean {
  if (!isPresent(value) || value === '') return true
  if (Array.isArray(value)) return value.length === 0
  return typeof value === 'object' && Object.keys(value as object).length === 0
}

function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value)
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))
}

/** How Runscope compares values: as text (`true` equals "true", 0 equals "0"). */
function asText(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

function truncate(text: string, max = 2000): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text
}

function headersObject(headers: Headers): Record<string, string> {
  const object: Record<string, string> = {}
  headers.forEach((value, name) => {
    object[name] = value
  })
  return object
}
