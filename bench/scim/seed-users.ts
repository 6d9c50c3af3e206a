// Child process: seeds a fresh hub data dir with N users through the SCIM service itself, then
// writes the fixture (token, ids, a sample page) for the runner. Started by fixture.ts.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { sql } from 'kysely'
import { PROFILES, type ScimRequestContext } from '../../src/identity/directory/index.js'
import { createServer } from '../../src/surfaces/http/index.js'
import { childArgs } from '../lib/child-control.js'
import { entraUser } from './entra-user.js'
import type { SeedFixture } from './fixture.js'
import { databaseFile, hubConfig } from './hub-config.js'

const args = childArgs()
const dataDir = args.get('data-dir')
const users = Number(args.get('users'))
const profile = PROFILES.find((p) => p === args.get('profile'))
if (!profile) throw new Error(`--profile must be one of ${PROFILES.join(', ')}`)

const started = performance.now()
const hub = await createServer(hubConfig(dataDir))
const { services } = hub
const system = { type: 'system', id: null } as const
const workspace = await services.workspaces.create({ slug: 'bench', plan: 'enterprise' }, system)
const created = await services.directories.create(
  { workspaceId: workspace.id, name: 'Entra ID (bench)', settings: { profile } },
  system,
)
const directory = await services.directories.authenticate(created.token)
if (!directory) throw new Error('the new directory token does not authenticate')
const context: ScimRequestContext = {
  directory,
  actor: { type: 'scim_directory', id: directory.directoryId },
}

// Seeding only: one fsync per create would make 100k users take minutes. Every row is still
// written by the service's own create (same validation, rows, audit entry and events as a POST);
// durability is back to FULL before the server starts (it opens its own connection anyway).
await sql`pragma synchronous = OFF`.execute(services.store.db)
const ids: string[] = []
const userNames: string[] = []
for (let n = 0; n < users; n++) {
  // Every tenth user reports to an earlier one, as in a real org chart.
  const managerId = n >= 10 ? ids[Math.floor(n / 10)] : undefined
  const body = entraUser(n, { prefix: 'seed', ...(managerId ? { managerId } : {}) })
  const user = await services.scim.users.create(context, body)
  ids.push(user.id)
  userNames.push(String(body.userName))
  if ((n + 1) % 20_000 === 0) process.stderr.write(`  seeded ${n + 1} users\n`)
}
await sql`pragma synchronous = FULL`.execute(services.store.db)
await sql`pragma wal_checkpoint(TRUNCATE)`.execute(services.store.db)

// A real first page as the server renders it: the payload of the same-size baseline.
const page = await hub.http.inject({
  method: 'GET',
  url: '/scim/v2/Users?startIndex=1&count=100',
  headers: { authorization: `Bearer ${created.token}` },
})
if (page.statusCode !== 200)
  throw new Error(`sample page answered ${page.statusCode}: ${page.body}`)
const pageFile = path.join(dataDir, 'sample-page.json')
writeFileSync(pageFile, page.body)
await hub.close()

const fixture: SeedFixture = {
  dataDir,
  databaseFile: databaseFile(dataDir),
  token: created.token,
  directoryId: directory.directoryId,
  ids,
  userNames,
  pageFile,
  pageContentType: String(page.headers['content-type']),
  seedSeconds: (performance.now() - started) / 1000,
}
writeFileSync(path.join(dataDir, 'fixture.json'), JSON.stringify(fixture))
