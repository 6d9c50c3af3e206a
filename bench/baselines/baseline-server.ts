// Child process: one bare Fastify route, the reference a SCIM benchmark is compared with.
// Usage: node --import tsx bench/baselines/baseline-server.ts
//   --route <json|page|sqlite-get|insert|read-modify-write>
//   [--page-file <file> --content-type <type>] [--database <file> --directory-id <id>]
//   [--synchronous full|normal|off]  (writes only; anything but full is a diagnostic)
import { readFileSync } from 'node:fs'
import Fastify, { type FastifyInstance } from 'fastify'
import { openSqlite } from '../../src/platform/store/dialects/sqlite.js'
import { uuidv7 } from '../../src/shared/ids.js'
import { childArgs, serveUntilStopped } from '../lib/child-control.js'

type IdParams = { Params: { id: string } }
const args = childArgs()
const app = Fastify({ logger: false })
let closeDatabase = () => {}

const routes: Record<string, (app: FastifyInstance) => void> = {
  /** The ceiling of every read: a small object, serialized per request. */
  json(app) {
    app.get<IdParams>('/bare/:id', async (request) => ({ id: request.params.id, ok: true }))
  },

  /** The ceiling of the page: the bytes of a real 100-user page, precomputed (no work at all). */
  page(app) {
    const body = readFileSync(args.get('page-file'), 'utf8')
    const type = args.get('content-type')
    app.get('/page', async (_request, reply) => reply.type(type).send(body))
  },

  /** A point read over the seeded hub's own table and indexes, with the store's pragmas. */
  'sqlite-get'(app) {
    const database = openSqlite({ file: args.get('database') })
    closeDatabase = () => database.close()
    const byId = database.prepare<[string, string], { resource: string }>(
      'select * from scim_users where id = ? and directory_id = ?',
    )
    const directoryId = args.get('directory-id')
    app.get<IdParams>('/users/:id', async (request, reply) => {
      const row = byId.get(request.params.id, directoryId)
      if (!row) return reply.code(404).send({ error: 'not found' })
      return { ...row, resource: JSON.parse(row.resource) }
    })
  },

  /**
   * The write reference: one durable (synchronous=FULL) single-row insert of the posted user
   * into the seeded hub's scim_users table (unique userName index and the other indexes), in an
   * implicit transaction. No validation, no email rows, no audit or event rows.
   */
  insert(app) {
    const database = openWritable()
    const insert = database.prepare(
      `insert into scim_users (id, directory_id, user_name, user_name_key, external_id,
         display_name, active, resource, version, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    )
    const directoryId = args.get('directory-id')
    addScimJsonParser(app)
    app.post('/users', async (request, reply) => {
      const user = request.body as Record<string, unknown>
      const userName = String(user.userName)
      const now = new Date().toISOString()
      const id = uuidv7()
      const displayName = typeof user.displayName === 'string' ? user.displayName : null
      const externalId = typeof user.externalId === 'string' ? user.externalId : null
      insert.run(
        id,
        directoryId,
        userName,
        userName.toLowerCase(),
        externalId,
        displayName,
        1,
        JSON.stringify(user),
        now,
        now,
      )
      return reply.code(201).send({ ...user, id })
    })
  },

  /**
   * The PATCH reference: one durable (synchronous=FULL) read-modify-write of a seeded user in
   * one transaction: read the row by id, parse it, apply the PatchOp's `replace` values to the
   * top-level attributes they name, write it back with a new version, answer the user. No
   * validation, no email rows, no audit or event rows.
   */
  'read-modify-write'(app) {
    const database = openWritable()
    const byId = database.prepare<[string, string], { resource: string; version: number }>(
      'select resource, version from scim_users where id = ? and directory_id = ?',
    )
    const update = database.prepare(
      'update scim_users set resource = ?, version = ?, updated_at = ? where id = ?',
    )
    const directoryId = args.get('directory-id')
    type Patch = { Operations?: { op: string; path?: string; value?: unknown }[] }
    const modify = database.transaction((id: string, patch: Patch) => {
      const row = byId.get(id, directoryId)
      if (!row) return undefined
      const user = JSON.parse(row.resource) as Record<string, unknown>
      for (const operation of patch.Operations ?? [])
        if (operation.op === 'replace' && operation.path) user[operation.path] = operation.value
      update.run(JSON.stringify(user), row.version + 1, new Date().toISOString(), id)
      return { ...user, id }
    })
    addScimJsonParser(app)
    app.patch<IdParams>('/users/:id', async (request, reply) => {
      const user = modify(request.params.id, request.body as Patch)
      if (!user) return reply.code(404).send({ error: 'not found' })
      return user
    })
  },
}

/** The hub's database with its pragmas, at the durability of the run (FULL unless a diagnostic). */
function openWritable() {
  const database = openSqlite({ file: args.get('database') })
  closeDatabase = () => database.close()
  const synchronous = args.optional('synchronous') ?? 'full'
  if (!/^(full|normal|off)$/.test(synchronous)) throw new Error('bad --synchronous')
  database.pragma(`synchronous = ${synchronous}`)
  return database
}

function addScimJsonParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    /^application\/scim\+json/i,
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  )
}

const route = routes[args.get('route')]
if (!route) throw new Error(`unknown --route; one of ${Object.keys(routes).join(', ')}`)
route(app)
await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
if (typeof address !== 'object' || address === null) throw new Error('not listening')
serveUntilStopped(address.port, async () => {
  await app.close()
  closeDatabase()
})
