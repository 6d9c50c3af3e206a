// Child process: the in-memory SCIM server of an open-source peer, BoxyHQ's directory sync
// (npm `@boxyhq/saml-jackson`, now Ory Polis), behind a bare Fastify route: the reference "a
// durable database should not lose to an in-memory one" is judged against (issue 16).
// Usage: node --import tsx bench/baselines/peer-server.ts --users <n>
// Seeds the same Entra-sized users the hub holds (same bodies and userNames, its own ids) through
// the peer's own SCIM request handler, then reports its ids and bearer secret with its port.
// ROLLCALL_BENCH_PEER_DIR=<dir> loads the package from <dir>/node_modules instead of ours.
import { createRequire } from 'node:module'
import path from 'node:path'
import Fastify from 'fastify'
import { childArgs, serveUntilStopped } from '../lib/child-control.js'
import { entraUser } from '../scim/entra-user.js'
import { PEER_PACKAGE, type PeerDetails } from './peer.js'

/** The part of the peer's directory-sync controller this adapter uses (its SCIM entry point). */
type PeerResponse = { status: number; data: Record<string, unknown> }
type PeerRequest = {
  method: string
  resourceType: 'users' | 'groups'
  directoryId: string
  apiSecret: string | null
  resourceId?: string
  body?: unknown
  query: { count?: number; startIndex?: number; filter?: string }
}
type DirectorySync = {
  directories: {
    create(params: Record<string, unknown>): Promise<{
      data: { id: string; scim: { secret: string } } | null
      error: unknown
    }>
  }
  requests: { handle(request: PeerRequest): Promise<PeerResponse> }
}
type PeerModules = {
  database: { default: { readonly new: (options: unknown) => Promise<unknown> } }
  directorySync: { default(params: unknown): Promise<DirectorySync> }
}

function loadPeer(): PeerModules {
  const base = process.env.ROLLCALL_BENCH_PEER_DIR
  const require = createRequire(
    base ? path.join(path.resolve(base), 'node_modules', 'peer.cjs') : import.meta.url,
  )
  try {
    return {
      database: require(`${PEER_PACKAGE}/dist/db/db`),
      directorySync: require(`${PEER_PACKAGE}/dist/directory-sync`),
    }
  } catch (error) {
    throw new Error(
      `the peer baseline needs ${PEER_PACKAGE} (a devDependency; see bench/README.md): ${error}`,
    )
  }
}

/** The controller as the peer's own app builds it, on its in-memory engine, without webhooks. */
async function startPeer(): Promise<DirectorySync> {
  const peer = loadPeer()
  const quiet = { info() {}, warn() {}, error() {} }
  const opts = {
    externalUrl: 'http://127.0.0.1',
    scimPath: '/scim/v2',
    db: { engine: 'mem' },
    noAnalytics: true,
    dsync: {},
    logger: quiet,
  }
  const db = await peer.database.default.new({ db: opts.db, logger: quiet })
  const events = { notify: async () => {} }
  return peer.directorySync.default({ db, opts, eventController: events })
}

async function seed(peer: DirectorySync, users: number) {
  const created = await peer.directories.create({
    tenant: 'bench',
    product: 'rollcall',
    name: 'Entra ID (bench)',
    type: 'azure-scim-v2',
  })
  if (!created.data) throw new Error(`the peer refused the directory: ${String(created.error)}`)
  const directory = { id: created.data.id, secret: created.data.scim.secret }
  const ids: string[] = []
  for (let n = 0; n < users; n++) {
    const managerId = n >= 10 ? ids[Math.floor(n / 10)] : undefined
    const body = entraUser(n, { prefix: 'seed', ...(managerId ? { managerId } : {}) })
    const answer = await peer.requests.handle({
      method: 'POST',
      resourceType: 'users',
      directoryId: directory.id,
      apiSecret: directory.secret,
      body,
      query: {},
    })
    if (answer.status !== 201) throw new Error(`peer seeding answered ${answer.status}`)
    ids.push(String(answer.data.id))
  }
  return { directory, ids }
}

const args = childArgs()
const peer = await startPeer()
const { directory, ids } = await seed(peer, Number(args.get('users')))
const app = Fastify({ logger: false })
app.addContentTypeParser(
  /^application\/scim\+json/i,
  { parseAs: 'string' },
  app.getDefaultJsonParser('error', 'error'),
)

type Forwarded = { Params: { id?: string }; Querystring: Record<string, string | undefined> }
/** What the peer's own HTTP route does: bearer token as the secret, the query parsed to numbers. */
app.route<Forwarded>({
  method: ['GET', 'PATCH', 'PUT', 'DELETE', 'POST'],
  url: '/scim/v2/Users/:id?',
  handler: async (request, reply) => {
    const bearer = /^Bearer\s+(\S+)/i.exec(request.headers.authorization ?? '')?.[1] ?? null
    const { count, startIndex, filter } = request.query
    const answer = await peer.requests.handle({
      method: request.method,
      resourceType: 'users',
      directoryId: directory.id,
      apiSecret: bearer,
      ...(request.params.id ? { resourceId: request.params.id } : {}),
      body: request.body,
      query: {
        ...(count ? { count: Number(count) } : {}),
        ...(startIndex ? { startIndex: Number(startIndex) } : {}),
        ...(filter ? { filter } : {}),
      },
    })
    return reply.code(answer.status).type('application/scim+json').send(answer.data)
  },
})

await app.listen({ host: '127.0.0.1', port: 0 })
const address = app.server.address()
if (typeof address !== 'object' || address === null) throw new Error('not listening')
const details: PeerDetails = { secret: directory.secret, ids }
serveUntilStopped(address.port, () => app.close(), details)
