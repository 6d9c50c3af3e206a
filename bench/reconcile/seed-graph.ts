// Seeds the synthetic workspace of the reconciliation benchmark (synthetic.ts) into a fresh
// database, in a child process: the workspace and its apps through the hub's own services (so
// the apps are what `app connect` stores), people and accounts by bulk inserts (SQLite: batched
// multi-row inserts in big transactions; PostgreSQL: generate_series). Prints one JSON line.
//   node --import tsx bench/reconcile/seed-graph.ts --url sqlite:/tmp/x.db --people 1000000 --apps 10
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { loadConfig } from '../../src/platform/config/index.js'
import { openStore } from '../../src/platform/store/index.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createServices } from '../../src/surfaces/http/index.js'
import { seedPostgres } from './seed-postgres.js'
import { seedSqlite } from './seed-sqlite.js'
import {
  appSpecs,
  BENCH_SECRET,
  ENTITLEMENT_NAMES,
  entitlementId,
  entitlementName,
  grantRules,
  PRIVILEGED_ENTITLEMENT,
  WORKSPACE_SLUG,
} from './synthetic.js'

export type GraphFixture = {
  readonly workspaceId: string
  readonly appIds: readonly string[]
  readonly people: number
  readonly accounts: number
  readonly seedSeconds: number
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      schema: { type: 'string' },
      'data-dir': { type: 'string', default: '/tmp' },
      people: { type: 'string', default: '1000000' },
      apps: { type: 'string', default: '10' },
    },
  })
  const url = values.url ?? ''
  const people = Number(values.people)
  const started = performance.now()
  const store = await openStore({ url, ...(values.schema ? { schema: values.schema } : {}) })
  const loaded = loadConfig({
    env: {},
    file: false,
    overrides: { dataDir: values['data-dir'], 'database.url': url, secretKey: BENCH_SECRET },
  })
  if (!loaded.ok) throw loaded.error
  const services = await createServices(loaded.value, { store, log: silentLogger() })
  const actor = { type: 'system', id: 'bench' } as const
  const workspace = await services.workspaces.create({ slug: WORKSPACE_SLUG }, actor)
  const appIds: string[] = []
  for (const [a, spec] of appSpecs(Number(values.apps)).entries()) {
    const app = await services.apps.connect(
      workspace.id,
      {
        catalogId: 'scim-generic',
        name: spec.name,
        connection: {
          baseUrl: `https://apps.example.invalid/app${a}/scim/v2`,
          auth: { type: 'bearer', token: 'bench-token' },
        },
        assignment: spec.assignment,
        mappings: spec.mappings,
        // A fixture read once and cached across runs: never refreshed, so never stale.
        policy: { refreshMinutes: null },
      },
      actor,
    )
    appIds.push(app.id)
  }
  // The accounts are bulk-inserted below as a refresh would have read them: record that refresh
  // (a plan skips apps whose account list was never read).
  const now = new Date().toISOString()
  await store.db
    .insertInto('graph_snapshots')
    .values(
      appIds.map((appId) => ({
        ...{ id: randomUUID(), workspace_id: workspace.id, app_id: appId, trigger: 'bench' },
        ...{ status: 'succeeded', counts: '{}', started_at: now, finished_at: now },
      })),
    )
    .execute()
  await seedEntitlements(store.db, workspace.id, appIds, now)
  await store.close()
  const target = { workspaceId: workspace.id, appIds, people }
  const accounts = url.startsWith('sqlite:')
    ? seedSqlite(new BetterSqlite3(url.slice('sqlite:'.length)), target)
    : await seedPostgres(
        new pg.Client({ connectionString: url }),
        values.schema ?? 'public',
        target,
      )
  const fixture: GraphFixture = {
    workspaceId: workspace.id,
    appIds,
    people,
    accounts,
    seedSeconds: (performance.now() - started) / 1000,
  }
  process.stdout.write(`${JSON.stringify(fixture)}\n`)
}

/**
 * Each app's eight entitlements (as a refresh would have listed them) and its grant rules, the
 * rules written as `app update` stores them once resolved (synthetic.ts grantRules).
 */
async function seedEntitlements(
  db: Awaited<ReturnType<typeof openStore>>['db'],
  workspaceId: string,
  appIds: readonly string[],
  now: string,
): Promise<void> {
  for (const [a, appId] of appIds.entries()) {
    await db
      .insertInto('entitlements')
      .values(
        ENTITLEMENT_NAMES.map((_, k) => ({
          ...{ id: entitlementId(a, k), workspace_id: workspaceId, app_id: appId },
          ...{ remote_id: entitlementId(a, k), kind: 'group', display_name: entitlementName(a, k) },
          ...{ description: null, privileged: k === PRIVILEGED_ENTITLEMENT ? 1 : 0 },
          ...{ attributes: '{}', fingerprint: entitlementId(a, k), seen_snapshot_id: null },
          ...{ first_seen_at: now, removed_at: null, updated_at: now },
        })),
      )
      .execute()
    await db
      .updateTable('apps')
      .set({ grant_rules: JSON.stringify(grantRules(a)) })
      .where('id', '=', appId)
      .execute()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
