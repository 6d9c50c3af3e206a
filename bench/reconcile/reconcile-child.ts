// One measured run of the reconciliation benchmark, in its own process so its peak RSS is its
// own: `--mode plan` makes a plan for the whole seeded workspace through the hub's reconcile
// service (what `rollcall plan --workspace bench` does); `--mode floor` reads the same rows
// (every person and every account of the workspace, all columns) with one plain SELECT each
// and does nothing with them: the floor no reconciliation can beat. Prints one JSON line.
import { parseArgs } from 'node:util'
import pg from 'pg'
import { createServices } from '../../src/app/index.js'
import { loadConfig } from '../../src/config/index.js'
import { silentLogger } from '../../src/shared/logger.js'
import { openSqlite } from '../../src/store/dialects/sqlite.js'
import { openStore } from '../../src/store/index.js'
import { BENCH_SECRET } from './synthetic.js'

export type ChildResult = {
  readonly mode: 'plan' | 'floor'
  readonly ms: number
  readonly rows: number
  readonly maxRssMb: number
  readonly plan?: { readonly status: string; readonly counts: Record<string, number> }
  readonly classes?: Record<string, number>
}

type Args = { url: string; schema?: string; workspaceId: string; chunk: number }

/** Every row of the workspace's people and accounts, all columns, through the raw driver. */
async function floor(args: Args): Promise<number> {
  const queries = [
    'select * from people where workspace_id = $1',
    'select * from accounts where workspace_id = $1',
  ]
  let rows = 0
  if (args.url.startsWith('sqlite:')) {
    const db = openSqlite({ file: args.url.slice('sqlite:'.length) })
    for (const text of queries) {
      for (const row of db.prepare(text.replace('$1', '?')).iterate(args.workspaceId)) {
        if (row) rows++
      }
    }
    db.close()
    return rows
  }
  const client = new pg.Client({ connectionString: args.url })
  await client.connect()
  if (args.schema) await client.query(`set search_path = ${args.schema}`)
  // One SELECT per table through a server-side cursor (pg has no streaming without pg-cursor).
  await client.query('begin')
  for (const [i, text] of queries.entries()) {
    await client.query(`declare c${i} no scroll cursor for ${text}`, [args.workspaceId])
    for (;;) {
      const page = await client.query(`fetch ${args.chunk} from c${i}`)
      rows += page.rowCount ?? 0
      if ((page.rowCount ?? 0) < args.chunk) break
    }
  }
  await client.query('commit')
  await client.end()
  return rows
}

async function plan(args: Args) {
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
  const actor = { type: 'system', id: 'bench' } as const
  const view = await services.reconcile.createPlan(
    args.workspaceId,
    {},
    { trigger: 'cli', actor },
    { limit: 1 },
  )
  const run = await store.db
    .selectFrom('reconcile_runs')
    .select(['counts'])
    .where('id', '=', view.runId)
    .executeTakeFirstOrThrow()
  await store.close()
  const classes = typeof run.counts === 'string' ? JSON.parse(run.counts) : run.counts
  return { status: view.status, counts: view.counts, classes }
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
  const args: Args = {
    url: values.url ?? '',
    workspaceId: values.workspace ?? '',
    chunk: Number(values.chunk),
    ...(values.schema ? { schema: values.schema } : {}),
  }
  const started = performance.now()
  const mode = values.mode === 'floor' ? 'floor' : 'plan'
  const made = mode === 'floor' ? undefined : await plan(args)
  const rows = mode === 'floor' ? await floor(args) : 0
  const result: ChildResult = {
    mode,
    ms: performance.now() - started,
    rows,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    ...(made ? { plan: { status: made.status, counts: made.counts }, classes: made.classes } : {}),
  }
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
