import type { EventLog } from '../../platform/events/index.js'
import type { Db, Dialect, Transact } from '../../platform/store/index.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { AppRules } from './app-rules.js'
import { compileAssignments } from './assignment.js'
import {
  type PersonRange,
  readAccounts,
  readAmbiguous,
  readPeople,
  readUnlinked,
} from './chunk-store.js'
import { type FindingRange, syncFindings } from './findings-store.js'
import { type HeldGrants, readHeldGrants } from './grant-chunk-store.js'
import { countGrantRemovals, liveGrantCount } from './grant-totals.js'
import { MAX_MOVERS, type MoverDiff, moversOf } from './movers.js'
import { hasOverrides, readOverrides } from './override-chunk-store.js'
import { type ChunkOverrides, groupOverrides } from './overrides.js'
import { addCounts, type DesiredPerson, type DiffResult, diff, diffUnlinked } from './plan.js'
import { planStore } from './plan-store.js'
import { type ClassCounts, emptyClassCounts, type Scope } from './types.js'

export type EngineDeps = {
  readonly db: Db
  readonly dialect: Dialect
  readonly transact: Transact
  readonly ids: IdGenerator
  readonly events: EventLog
  /** People per chunk (and unlinked accounts per chunk). */
  readonly chunkSize: number
}

export type EngineRun = {
  readonly workspaceId: string
  readonly runId: string
  readonly now: string
  readonly rules: readonly AppRules[]
  readonly scope: Scope
  /** Store findings (not for an offboarding preview: it is hypothetical). */
  readonly writeFindings: boolean
  /** Write operations into this plan. */
  readonly plan?: { readonly id: string; readonly workspaceId: string }
  readonly onProgress?: (people: number) => void
}

export type AppTotals = {
  counts: ClassCounts
  removals: number
  entitled: number
  /** Live grants the app's accounts hold (of live entitlements): grant safety's base. */
  grants: number
  /** Grants the plan removes: remove_grant operations and grants a deactivation takes. */
  grantRemovals: number
}

export type EngineTotals = {
  readonly perApp: Map<string, AppTotals>
  operations: number
  people: number
  /** The first MAX_MOVERS movers of a plan (issue 15), and how many there were. */
  readonly movers: MoverDiff[]
  moversTotal: number
}

/**
 * Streams a reconciliation: people in id order, chunk after chunk, each joined with the
 * accounts linked to the people of its id range (both ordered by person id, the correlation key
 * once links are made), diffed, and written (findings, operations) in one transaction per
 * chunk; then each app's unlinked accounts the same way. Memory is one chunk, whatever the size
 * of the workspace.
 */
export async function runEngine(deps: EngineDeps, run: EngineRun): Promise<EngineTotals> {
  const totals: EngineTotals = {
    ...{ perApp: new Map(), operations: 0, people: 0 },
    ...{ movers: [], moversTotal: 0 },
  }
  for (const rules of run.rules)
    totals.perApp.set(rules.app.id, {
      ...{ counts: emptyClassCounts(), removals: 0, entitled: 0 },
      ...{ grants: 0, grantRemovals: 0 },
    })
  // No apps, no pairs (and PostgreSQL refuses the empty `app_id in ()` the reads would build).
  if (run.rules.length === 0) return totals
  // Access overrides (issue 18) are read per slice only when the apps have any.
  const appIds = run.rules.map((r) => r.app.id)
  const withOverrides = await hasOverrides(deps.db, run.workspaceId, appIds)
  await streamPeople(deps, { ...run, withOverrides }, totals)
  if (run.scope.personId === undefined) {
    for (const rules of run.rules) await streamUnlinked(deps, run, rules, totals)
  }
  return totals
}

/** A run as the people stream sees it: whether it reads access overrides. */
type PeopleRun = EngineRun & { readonly withOverrides: boolean }

async function streamPeople(deps: EngineDeps, run: PeopleRun, totals: EngineTotals) {
  const assignments = compileAssignments(run.rules, deps.dialect)
  const appIds = run.rules.map((r) => r.app.id)
  const withResource =
    Boolean(run.plan) ||
    assignments.needsResource ||
    run.rules.some((r) => r.mappings.always.length > 0)
  let after = ''
  for (;;) {
    const people = await readPeople(deps.db, {
      workspaceId: run.workspaceId,
      after,
      limit: deps.chunkSize,
      flags: assignments.flags,
      withResource,
      ...(run.scope.personId ? { personId: run.scope.personId } : {}),
    })
    const final = run.scope.personId !== undefined || people.length < deps.chunkSize
    const upTo = final ? null : (people.at(-1)?.person.id ?? null)
    const desired = people.map(({ person, flags }) => ({
      person,
      assigned: assignments.assigned(person, flags),
      grantRules: assignments.filteredGrants(flags),
    }))
    countEntitled(run, desired, totals)
    await diffChunk(deps, run, { desired, appIds, after, upTo }, totals)
    totals.people += people.length
    run.onProgress?.(totals.people)
    if (final || upTo === null) return
    after = upTo
  }
}

/** Active people an app's assignment selects (what the safety rule compares between runs). */
function countEntitled(run: EngineRun, desired: readonly DesiredPerson[], totals: EngineTotals) {
  if (run.scope.offboard) return
  for (const { person, assigned } of desired) {
    if (person.status !== 'active') continue
    for (const id of assigned) {
      const app = totals.perApp.get(id)
      if (app) app.entitled += 1
    }
  }
}

type PeopleChunk = {
  readonly desired: readonly DesiredPerson[]
  readonly appIds: readonly string[]
  readonly after: string
  readonly upTo: string | null
}

/** Reads the actual state of one chunk of people, diffs it and writes the result. */
async function diffChunk(
  deps: EngineDeps,
  run: PeopleRun,
  chunk: PeopleChunk,
  totals: EngineTotals,
) {
  const { appIds, after, upTo } = chunk
  const range: PersonRange = run.scope.personId
    ? { kind: 'person', personId: run.scope.personId }
    : { kind: 'range', after, upTo }
  const accounts = {
    accounts: await readAccounts(deps.db, run.workspaceId, appIds, range),
    ambiguous: await readAmbiguous(deps.db, run.workspaceId, appIds, range),
  }
  const options = { now: run.now, offboard: run.scope.offboard === true }
  if (range.kind === 'person') {
    const actual = {
      ...accounts,
      grants: await grantsOf(deps, run, range, totals),
      ...(await overridesOf(deps, run, range)),
    }
    const result = diff(chunk.desired, actual, run.rules, options)
    const findingRange: FindingRange = { kind: 'person', appIds, personId: range.personId }
    await write(deps, run, result, findingRange, totals)
    return
  }
  for (const slice of slicesOf(chunk, DIFF_SLICE)) {
    const sliceRange: PersonRange = { kind: 'range', ...slice.range }
    const actual = {
      ...accounts,
      grants: await grantsOf(deps, run, sliceRange, totals),
      ...(await overridesOf(deps, run, sliceRange)),
    }
    const result = diff(slice.desired, actual, run.rules, options)
    await write(deps, run, result, { kind: 'people', appIds, ...slice.range }, totals)
  }
}

/**
 * The grants and exceptions of the accounts linked to a range of people (one query per table),
 * counted into the apps' totals. Only apps that list entitlements: an app without any holds none.
 */
async function grantsOf(
  deps: EngineDeps,
  run: EngineRun,
  range: PersonRange,
  totals: EngineTotals,
) {
  const appIds = run.rules.filter((r) => r.entitlements.size > 0).map((r) => r.app.id)
  const grants = await readHeldGrants(
    deps.db,
    { kind: 'people', workspaceId: run.workspaceId, appIds, range },
    run.now,
  )
  countHeld(run.rules, grants, totals)
  return grants
}

/** The access overrides of a range of people, one query (none when the apps have none). */
async function overridesOf(
  deps: EngineDeps,
  run: PeopleRun,
  range: PersonRange,
): Promise<{ overrides?: ChunkOverrides }> {
  if (!run.withOverrides) return {}
  const appIds = run.rules.map((r) => r.app.id)
  const rows = await readOverrides(deps.db, { workspaceId: run.workspaceId, appIds, range })
  return rows.length === 0 ? {} : { overrides: groupOverrides(rows, run.now) }
}

/**
 * People whose grants are read, diffed and written together, within a chunk of people and
 * accounts read together: an account holds several grants and each can be a finding and an
 * operation, so grants (one query per table per slice, never per person) and the diff's output
 * are kept to this many people at a time.
 */
const DIFF_SLICE = 1_000

/** The chunk's people in slices, each with the id range its findings sync covers (at least one). */
export function slicesOf(chunk: Omit<PeopleChunk, 'appIds'>, size: number) {
  const slices: Array<{
    desired: readonly DesiredPerson[]
    range: { after: string; upTo: string | null }
  }> = []
  const { desired } = chunk
  for (let i = 0; i === 0 || i < desired.length; i += size) {
    const part = desired.slice(i, i + size)
    const last = i + size >= desired.length
    slices.push({
      desired: part,
      range: {
        after: i === 0 ? chunk.after : (desired[i - 1]?.person.id ?? chunk.after),
        upTo: last ? chunk.upTo : (part.at(-1)?.person.id ?? chunk.upTo),
      },
    })
  }
  return slices
}

async function streamUnlinked(
  deps: EngineDeps,
  run: EngineRun,
  rules: AppRules,
  totals: EngineTotals,
) {
  let after = ''
  for (;;) {
    const accounts = await readUnlinked(deps.db, rules.app.id, after, deps.chunkSize)
    const final = accounts.length < deps.chunkSize
    const upTo = final ? null : (accounts.at(-1)?.id ?? null)
    const grants =
      rules.entitlements.size > 0 && accounts.length > 0
        ? await readHeldGrants(
            deps.db,
            { kind: 'unlinked', appId: rules.app.id, after, upTo },
            run.now,
          )
        : undefined
    if (grants) countHeld([rules], grants, totals)
    const result = diffUnlinked(accounts, rules, grants)
    await write(deps, run, result, { kind: 'accounts', appId: rules.app.id, after, upTo }, totals)
    if (final || upTo === null) return
    after = upTo
  }
}

async function write(
  deps: EngineDeps,
  run: EngineRun,
  result: DiffResult,
  range: FindingRange,
  totals: EngineTotals,
): Promise<void> {
  for (const [appId, counts] of result.counts) {
    const app = totals.perApp.get(appId)
    if (app) addCounts(app.counts, counts)
  }
  for (const op of result.operations) {
    const app = totals.perApp.get(op.appId)
    if (!app) continue
    if (op.findingKind === 'residual' || op.findingKind === 'orphan') app.removals += 1
    app.grantRemovals += countGrantRemovals(op)
  }
  if (run.plan && result.operations.length > 0) collectMovers(run, result, totals)
  const position = totals.operations
  totals.operations += result.operations.length
  if (!run.writeFindings && (!run.plan || result.operations.length === 0)) return
  const context = {
    workspaceId: run.workspaceId,
    runId: run.runId,
    now: run.now,
    events: deps.events,
  }
  await deps.transact(async (trx) => {
    if (run.writeFindings) await syncFindings(trx, context, range, result.findings)
    if (run.plan && result.operations.length > 0)
      await planStore(trx).insertOperations(trx, deps.ids, run.plan, result.operations, position)
  })
}

/** Adds the live grants a chunk's accounts hold to their apps' totals. */
function countHeld(
  rules: readonly AppRules[],
  grants: ReadonlyMap<string, HeldGrants>,
  totals: EngineTotals,
): void {
  for (const [appId, n] of liveGrantCount(rules, grants)) {
    const app = totals.perApp.get(appId)
    if (app) app.grants += n
  }
}

function collectMovers(run: EngineRun, result: DiffResult, totals: EngineTotals): void {
  const names = new Map(run.rules.map((r) => [r.app.id, r.app.name]))
  const found = moversOf(result.operations, result.findings, names)
  totals.moversTotal += found.length
  for (const mover of found) if (totals.movers.length < MAX_MOVERS) totals.movers.push(mover)
}
