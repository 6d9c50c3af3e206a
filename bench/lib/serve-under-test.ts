// Child process: the hub under test. Builds it with createServer exactly as `npm start` does (same
// store settings: WAL, synchronous=FULL), over a data dir seeded by bench/scim/seed-users.ts, and
// listens on a free port.
// Usage: node --import tsx bench/lib/serve-under-test.ts --data-dir <dir> [--synchronous <mode>]
//   [--departures pipeline]
// (--synchronous normal|off is a diagnostic of what fsync costs; the hub always ships full.
// --departures pipeline takes the departure gate out of the way: no settle wait, no burst limit;
// the offboarding latency line measures the pipeline behind it, see bench/README.md.)
import { sql } from 'kysely'
import { createServer } from '../../src/surfaces/http/index.js'
import { hubConfig } from '../scim/hub-config.js'
import { childArgs, serveUntilStopped } from './child-control.js'

/** The departure gate out of the way: acts on a departure at once, never holds a burst. */
const PIPELINE_ONLY = {
  'lifecycle.departures.settleSeconds': 0,
  'lifecycle.departures.maxShare': 1,
  'lifecycle.departures.maxCount': 1_000_000,
}

const args = childArgs()
const departures = args.optional('departures')
if (departures !== undefined && departures !== 'pipeline')
  throw new Error(`bad --departures ${departures}`)
const hub = await createServer(
  hubConfig(args.get('data-dir'), 0, departures === 'pipeline' ? PIPELINE_ONLY : {}),
)
const synchronous = args.optional('synchronous') ?? 'full'
if (!/^(full|normal|off)$/.test(synchronous)) throw new Error(`bad --synchronous ${synchronous}`)
// One connection on SQLite, so this pragma applies to every request the server handles.
if (synchronous !== 'full')
  await sql.raw(`pragma synchronous = ${synchronous}`).execute(hub.services.store.db)
await hub.http.listen({ host: '127.0.0.1', port: 0 })
const address = hub.http.server.address()
if (typeof address !== 'object' || address === null) throw new Error('the hub is not listening')
serveUntilStopped(address.port, () => hub.close())
