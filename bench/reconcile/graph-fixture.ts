import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { REPO_ROOT } from '../lib/server-process.js'
import type { GraphFixture } from './seed-graph.js'

/**
 * The seeded graph of the reconciliation benchmark, cached between runs: seeding 1M people and
 * ~10M accounts takes minutes, reading them seconds. A cache entry is keyed by the size and a
 * hash of what decides its content: the seeders' source and the names of the migrations (a
 * migration is not edited once applied; a new or renamed one seeds afresh, rather than migrate
 * 10M rows or trip over a migration history that no longer matches). SQLite entries are files under
 * bench/results/reconcile/ (gitignored); PostgreSQL entries are schemas `bench_reconcile_<key>`.
 * Before each measured run, `reset` deletes what earlier runs wrote (findings, runs, plans and
 * their events), so every run starts from the seeded state.
 */

export type Dialect = 'sqlite' | 'postgres'

export type SeededGraph = GraphFixture & {
  readonly dialect: Dialect
  readonly url: string
  readonly schema?: string
  /** Whether this run seeded it (false: reused from the cache). */
  readonly seededNow: boolean
}

export const CACHE_DIR = path.join(REPO_ROOT, 'bench/results/reconcile')
const SEED_FILES = ['seed-graph.ts', 'seed-sqlite.ts', 'seed-postgres.ts', 'synthetic.ts']
const MIGRATIONS_DIR = path.join(REPO_ROOT, 'src/platform/store/migrations')

/** `p<people>-a<apps>-<hash of the seeders and the migrations>`. */
export function cacheKey(people: number, apps: number): string {
  const hash = createHash('sha256')
  for (const file of SEED_FILES)
    hash.update(readFileSync(path.join(REPO_ROOT, 'bench/reconcile', file)))
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(`${file}\n`)
  return `p${people}-a${apps}-${hash.digest('hex').slice(0, 10)}`
}

/**
 * Seeds a graph into `url` (a fresh SQLite file, or an empty PostgreSQL schema) in a child
 * process (seed-graph.ts) and returns what it seeded. The cache below calls it; so does the
 * smoke test, uncached.
 */
export async function seedGraph(target: {
  url: string
  schema?: string
  dataDir: string
  people: number
  apps: number
}): Promise<GraphFixture> {
  const args = [
    'bench/reconcile/seed-graph.ts',
    '--url',
    target.url,
    ...(target.schema ? ['--schema', target.schema] : []),
    '--data-dir',
    target.dataDir,
    '--people',
    String(target.people),
    '--apps',
    String(target.apps),
  ]
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk
  })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`seeding the reconciliation graph failed (exit code ${code})`)
  return JSON.parse(out.trim().split('\n').at(-1) ?? '') as GraphFixture
}

/** The cached SQLite graph of this size, seeded first when missing or stale. */
export async function sqliteGraph(people: number, apps: number): Promise<SeededGraph> {
  const key = cacheKey(people, apps)
  const file = path.join(CACHE_DIR, `${key}.db`)
  const fixtureFile = path.join(CACHE_DIR, `${key}.json`)
  const url = `sqlite:${file}`
  if (existsSync(file) && existsSync(fixtureFile)) {
    const fixture = JSON.parse(readFileSync(fixtureFile, 'utf8')) as GraphFixture
    return { ...fixture, dialect: 'sqlite', url, seededNow: false }
  }
  mkdirSync(CACHE_DIR, { recursive: true })
  // Stale entries of the same size (older seeders or migrations) and a half-seeded one go.
  for (const name of readdirSync(CACHE_DIR)) {
    if (name.startsWith(`p${people}-a${apps}-`)) rmSync(path.join(CACHE_DIR, name), { force: true })
  }
  const fixture = await seedGraph({ url, dataDir: CACHE_DIR, people, apps })
  writeFileSync(fixtureFile, `${JSON.stringify(fixture)}\n`)
  return { ...fixture, dialect: 'sqlite', url, seededNow: true }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** The cached PostgreSQL graph of this size (a schema of `url`'s database), seeded when missing. */
export async function postgresGraph(
  url: string,
  people: number,
  apps: number,
): Promise<SeededGraph> {
  const prefix = `bench_reconcile_p${people}_a${apps}_`
  const schema = `${prefix}${cacheKey(people, apps).split('-').at(-1)}`
  const cached = await withClient(url, async (client) => {
    const found = await client
      .query<{ fixture: string }>(`select fixture from ${schema}.bench_fixture`)
      .catch(() => undefined)
    if (found?.rows[0]) return JSON.parse(found.rows[0].fixture) as GraphFixture
    const stale = await client.query<{ nspname: string }>(
      'select nspname from pg_namespace where starts_with(nspname, $1)',
      [prefix],
    )
    for (const { nspname } of stale.rows) await client.query(`drop schema ${nspname} cascade`)
    await client.query(`create schema ${schema}`)
    return undefined
  })
  if (cached) return { ...cached, dialect: 'postgres', url, schema, seededNow: false }
  const fixture = await seedGraph({ url, schema, dataDir: CACHE_DIR, people, apps })
  await withClient(url, async (client) => {
    await client.query(`create table ${schema}.bench_fixture (fixture text not null)`)
    await client.query(`insert into ${schema}.bench_fixture values ($1)`, [JSON.stringify(fixture)])
  })
  return { ...fixture, dialect: 'postgres', url, schema, seededNow: true }
}

/** What a reconciliation writes; deleted before each measured run (children first). */
const RESET = [
  'delete from plan_operations where workspace_id = $1',
  'delete from plans where workspace_id = $1',
  'delete from findings where workspace_id = $1',
  'delete from reconcile_runs where workspace_id = $1',
  `delete from events where workspace_id = $1 and (type like 'finding.%' or type like 'plan.%')`,
]

/** Brings the graph back to its seeded state (the audit log is append-only: its rows stay). */
export async function resetGraph(graph: SeededGraph): Promise<void> {
  if (graph.dialect === 'postgres') {
    await withClient(graph.url, async (client) => {
      await client.query(`set search_path = ${graph.schema}`)
      for (const text of RESET) await client.query(text, [graph.workspaceId])
      await client.query('vacuum analyze findings, plan_operations, events')
    })
    return
  }
  const { default: BetterSqlite3 } = await import('better-sqlite3')
  const db = new BetterSqlite3(graph.url.slice('sqlite:'.length))
  try {
    db.pragma('journal_mode = WAL')
    db.transaction(() => {
      for (const text of RESET) db.prepare(text.replace('$1', '?')).run(graph.workspaceId)
    })()
    db.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    db.close()
  }
}
