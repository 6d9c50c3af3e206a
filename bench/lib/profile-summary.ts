import { readFileSync } from 'node:fs'
import path from 'node:path'
import { REPO_ROOT } from './server-process.js'

/** The parts of a V8 `.cpuprofile` (Chrome DevTools Profiler.Profile) read here. */
type ProfileNode = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
type CpuProfile = { nodes: ProfileNode[]; samples: number[] }

export type ProfileEntry = { readonly label: string; readonly percent: number }

export type ProfileSummary = {
  /** Share of samples in which the server was idle (waiting in the event loop). */
  readonly idlePercent: number
  /** Self time by function, in % of busy samples. */
  readonly functions: readonly ProfileEntry[]
  /** Self time by module (npm package, file under src/, node internals, GC). */
  readonly modules: readonly ProfileEntry[]
  /** Inclusive time of functions in src/ (the time spent in them and everything they call). */
  readonly srcInclusive: readonly ProfileEntry[]
}

const SPECIAL = new Set(['(program)', '(garbage collector)', '(root)', '(idle)'])

/**
 * Where the time goes, from a `.cpuprofile`: self time by function and by module, and inclusive
 * time of our own functions. Native frames (better-sqlite3's step, JSON.parse, hashing) have no
 * script; their self time is charged to the module that called them, marked `[native]`.
 */
export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id)
  const hits = new Map<number, number>()
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1)

  const idle = sumWhere(hits, (id) => byId.get(id)?.callFrame.functionName === '(idle)')
  const busy = profile.samples.length - idle
  const percent = (count: number) => (busy === 0 ? 0 : (100 * count) / busy)

  const functions = new Map<string, number>()
  const modules = new Map<string, number>()
  for (const [id, count] of hits) {
    const node = byId.get(id)
    if (!node || node.callFrame.functionName === '(idle)') continue
    const { label, module } = describeFrame(node, byId, parent)
    add(functions, label, count)
    add(modules, module, count)
  }
  return {
    idlePercent: profile.samples.length === 0 ? 0 : (100 * idle) / profile.samples.length,
    functions: topEntries(functions, top, percent),
    modules: topEntries(modules, top, percent),
    srcInclusive: topEntries(inclusiveSrcTime(profile, byId, hits), top, percent),
  }
}

function describeFrame(
  node: ProfileNode,
  byId: Map<number, ProfileNode>,
  parent: Map<number, number>,
): { label: string; module: string } {
  const { functionName, url, lineNumber } = node.callFrame
  if (SPECIAL.has(functionName)) return { label: functionName, module: functionName }
  const name = functionName || '(anonymous)'
  if (url) {
    const module = moduleOf(url)
    return { label: `${name}  ${lineOf(url, lineNumber)}`, module }
  }
  // A native frame: charge it to the nearest caller with a script, and name what it served.
  const callers = ancestors(node, byId, parent)
  const scripted = callers.find((c) => c.callFrame.url)
  const module = scripted ? `${moduleOf(scripted.callFrame.url)} [native]` : '[native]'
  return { label: `${name}  [native] ${servedBy(callers)}`.trimEnd(), module }
}

/** Up to 40 callers of a frame, nearest first (the synchronous stack; async resumes cut it). */
function ancestors(
  node: ProfileNode,
  byId: Map<number, ProfileNode>,
  parent: Map<number, number>,
): ProfileNode[] {
  const list: ProfileNode[] = []
  for (let id = parent.get(node.id); id !== undefined && list.length < 40; id = parent.get(id)) {
    const caller = byId.get(id)
    if (caller) list.push(caller)
  }
  return list
}

// Kysely's public entry points: they tell a COMMIT (the fsync) from an insert, a count from a page.
const QUERY_ENTRY =
  /^(execute|executeTakeFirst|executeTakeFirstOrThrow|commitTransaction|beginTransaction|rollbackTransaction)$/

/**
 * `<- <kysely entry> <- <our function>` for a native frame: better-sqlite3's step shows up as
 * `run`/`all`/`get` whatever the statement, so the callers are what makes it readable.
 */
function servedBy(callers: readonly ProfileNode[]): string {
  const entry = callers.find((c) => QUERY_ENTRY.test(c.callFrame.functionName))
  const ours = callers.find((c) => /\/(src|bench)\//.test(c.callFrame.url))
  const named = callers.find((c) => c.callFrame.url && c.callFrame.functionName)
  const parts = [entry, ours ?? (entry ? undefined : named)].flatMap((c) =>
    c ? [`${c.callFrame.functionName || '(anonymous)'} (${moduleOf(c.callFrame.url)})`] : [],
  )
  return parts.map((p) => `<- ${p}`).join(' ')
}

/** For each sample, every distinct src/ function on its stack gets the sample once. */
function inclusiveSrcTime(
  profile: CpuProfile,
  byId: Map<number, ProfileNode>,
  hits: Map<number, number>,
): Map<string, number> {
  const totals = new Map<string, number>()
  const onStack = new Map<string, number>()
  const root = profile.nodes[0]
  if (!root) return totals
  const visit = (node: ProfileNode) => {
    const { url, functionName, lineNumber } = node.callFrame
    const key = url.includes('/src/')
      ? `${functionName || '(anonymous)'}  ${lineOf(url, lineNumber)}`
      : undefined
    if (key) onStack.set(key, (onStack.get(key) ?? 0) + 1)
    const count = hits.get(node.id) ?? 0
    if (count > 0) for (const k of onStack.keys()) add(totals, k, count)
    for (const child of node.children ?? []) {
      const next = byId.get(child)
      if (next) visit(next)
    }
    if (key) {
      const depth = (onStack.get(key) ?? 1) - 1
      if (depth === 0) onStack.delete(key)
      else onStack.set(key, depth)
    }
  }
  visit(root)
  return totals
}

/** `npm:<package>` for dependencies, the repo-relative path for our files, the URL otherwise. */
function moduleOf(url: string): string {
  const location = locationOf(url)
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(location)
  if (match?.[1]) return `npm:${match[1]}`
  if (location.startsWith('node:')) return location.split('/').slice(0, 2).join('/')
  return location
}

/** file:line, without the line for TypeScript: tsx compiles it, so V8's lines are not the source's. */
function lineOf(url: string, lineNumber: number): string {
  const location = locationOf(url)
  return location.endsWith('.ts') ? location : `${location}:${lineNumber + 1}`
}

function locationOf(url: string): string {
  if (!url.startsWith('file://')) return url
  const file = decodeURIComponent(url.slice('file://'.length))
  const relative = path.relative(REPO_ROOT, file)
  const nodeModules = relative.lastIndexOf('node_modules/')
  return nodeModules >= 0 ? relative.slice(nodeModules) : relative
}

function add(map: Map<string, number>, key: string, count: number): void {
  map.set(key, (map.get(key) ?? 0) + count)
}

function sumWhere(hits: Map<number, number>, predicate: (id: number) => boolean): number {
  let sum = 0
  for (const [id, count] of hits) if (predicate(id)) sum += count
  return sum
}

function topEntries(
  map: Map<string, number>,
  top: number,
  percent: (count: number) => number,
): ProfileEntry[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([label, count]) => ({ label, percent: percent(count) }))
}

export function formatProfileSummary(name: string, summary: ProfileSummary): string {
  const block = (title: string, entries: readonly ProfileEntry[]) =>
    [
      `  ${title}`,
      ...entries.map((e) => `    ${e.percent.toFixed(1).padStart(5)}%  ${e.label}`),
    ].join('\n')
  return [
    `${name}: server idle ${summary.idlePercent.toFixed(1)}% of the window; shares below are of busy time`,
    block('self time by module', summary.modules),
    block('self time by function', summary.functions),
    block('inclusive time, src/ functions', summary.srcInclusive),
  ].join('\n')
}
