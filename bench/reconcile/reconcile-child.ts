// One measured run of the reconciliation benchmark, in its own process so its peak RSS is its
// own. `--mode plan` makes a dry-run plan for the whole seeded workspace through the hub's
// reconcile service (what `rollcall plan` does: findings stored, operations planned, the safety
// rule applied); `--mode findings` runs `rollcall reconcile` (findings only); `--mode floor`
// streams the same rows (every person and every account of the workspace, all columns) with one
// plain SELECT per table and does nothing with them: the floor no reconciliation can beat. The
// clock covers the work only (not process start, compilation or opening the store). Prints one
// JSON line.
//   node --import tsx bench/reconcile/reconcile-child.ts --url sqlite:x.db --workspace <id> --mode plan
import { parseArgs } from 'node:util'
import pg from 'pg'
import { loadConfig } from '../../src/platform/config/index.js'
import { openSqlite } from '../../src/platform/store/dialects/sqlite.js'
import { openStore } from '../../src/platform/store/index.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createServices } from '../../src/surfaces/http/index.js'
import { BENCH_SECRET } from './synthetic.js'

export const MODES = ['floor', 'findings', 'plan'] as const
export type Mode = (typeof MODES)[number]

export type ChildResult = {
  readonly mode: Mode
  /** Wall time of the work, ms. */
  readonly ms: number
  /** Rows the floor read (people + accounts + grants); pairs classified for a reconciliation. */
  readonly rows: number
  /** Peak resident set of the whole process (Node, tsx, the store and the work), MB. */
  readonly maxRssMb: number
  readonly plan?: { readonly status: string; readonly counts: Record<string, number> }
  readonly classes?: Record<string, number>
}

type Args = { url: string; schema?: string; workspaceId: string; chunk: number }

const FLOOR_QUERIES = [
  'select * from people where workspace_id = $1',
  'select * from accounts where workspace_id = $1',
  'select * from grants where workspace_id = $1',
]

function floorSqlite(args: Args): number {
  const db = openSqlite({ file: args.url.slice('sqlite:'.length) })
  let rows = 0
  for (const text of FLOOR_QUERIES) {
    for (const row of db.prepare(text.replace('$1', '?')).iterate(args.workspaceId)) {
      if (row) rows++
    }
  }
  db.close()
  return rows
}

/** One SELECT per table through a server-side cursor, `chunk` rows per FETCH (pg streams no other way). */
async function floorPostgres(client: pg.Client, args: Args): Promise<number> {
  let rows = 0
  await client.query('begin')
  for (const [i, text] of FLOOR_QUERIES.entries()) {
    await client.query(`declare c${i} no scroll cursor for ${text}`, [args.workspaceId])
    for (;;) {
      const page = await client.query(`fetch ${args.chunk} from c${i}`)
      rows += page.rowCount ?? 0
      if ((page.rowCount ?? 0) < args.chunk) break
    }
  }
  await client.query('commit')
  return rows
}

/**
 * The floor, read twice: the first pass warms the caches (OS pages, PostgreSQL's buffers) as
 * the reconciliation that runs after it finds them; the faster pass is the floor.
 */
async function floor(args: Args): Promise<{ ms: number; rows: number }> {
  const client = args.url.startsWith('sqlite:')
    ? undefined
    : new pg.Client({ connectionString: args.url })
  if (client) {
    await client.connect()
    if (args.schema) await client.query(`set search_path = ${args.schema}`)
  }
  let best = { ms: Number.POSITIVE_INFINITY, rows: 0 }
  for (let pass = 0; pass < 2; pass++) {
    const started = performance.now()
    const rows = client ? await floorPostgres(client, args) : floorSqlite(args)
    const ms = performance.now() - started
    if (ms < best.ms) best = { ms, rows }
  }
  await client?.end()
  return best
}

async function reconcile(args: Args, mode: 'plan' | 'findings') {
  const store = await openStore({ url: args.url, ...(args.schema ? { schema: args.schema } : {}) })
  const loaded = loadConfig({
    env: {},
    file: false,
    overrides: {
      dataDir: '/tmp',
      'database.url': args.url,
      secretKey: BENCH_SECRET,
      'reconcile.chunkSize': args.chunk,
    },
  })
  if (!loaded.ok) throw loaded.error
  const services = await createServices(loaded.value, { store, log: silentLogger() })
  const options = { trigger: 'cli', actor: { type: 'system', id: 'bench' } } as const
  const started = performance.now()
  const outcome =
    mode === 'plan'
      ? await services.reconcile
          .createPlan(args.workspaceId, {}, options, { limit: 1 })
          .then((view) => ({
            runId: view.runId,
            plan: { status: view.status, counts: view.counts },
          }))
      : await services.reconcile
          .reconcile(args.workspaceId, {}, options)
          .then((report) => ({ runId: report.runId, plan: undefined }))
  const ms = performance.now() - started
  const run = await store.db
    .selectFrom('reconcile_runs')
    .select(['counts'])
    .where('id', '=', outcome.runId)
    .executeTakeFirstOrThrow()
  await store.close()
  const classes = (typeof run.counts === 'string' ? JSON.parse(run.counts) : run.counts) as Record<
    string,
    number
  >
  const rows = Object.values(classes).reduce((sum, n) => sum + n, 0)
  return { ms, rows, classes, ...(outcome.plan ? { plan: outcome.plan } : {}) }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      schema: { type: 'string' },
      workspace: { type: 'string' },
      mode: { type: 'string', default: 'plan' },
      chunk: { type: 'string', default: '5000' },
    },
  })
  const mode = MODES.find((m) => m === values.mode)
  if (!mode) throw new Error(`--mode must be one of ${MODES.join(', ')}`)
  const args: Args = {
    url: values.url ?? '',
    workspaceId: values.workspace ?? '',
    chunk: Number(values.chunk),
    ...(values.schema ? { schema: values.schema } : {}),
  }
  const measured = mode === 'floor' ? await floor(args) : await reconcile(args, mode)
  const result: ChildResult = {
    mode,
    ...measured,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
