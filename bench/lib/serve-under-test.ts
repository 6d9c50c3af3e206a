// Child process: the hub under test. Builds it with createServer exactly as `npm start` does (same
// store settings: WAL, synchronous=FULL), over a data dir seeded by bench/scim/seed-users.ts, and
// listens on a free port.
// Usage: node --import tsx bench/lib/serve-under-test.ts --data-dir <dir> [--synchronous <mode>]
// (--synchronous normal|off is a diagnostic of what fsync costs; the hub always ships full.)
import { sql } from 'kysely'
import { createServer } from '../../src/surfaces/http/index.js'
import { hubConfig } from '../scim/hub-config.js'
import { childArgs, serveUntilStopped } from './child-control.js'

const args = childArgs()
const hub = await createServer(hubConfig(args.get('data-dir')))
const synchronous = args.optional('synchronous') ?? 'full'
if (!/^(full|normal|off)$/.test(synchronous)) throw new Error(`bad --synchronous ${synchronous}`)
// One connection on SQLite, so this pragma applies to every request the server handles.
if (synchronous !== 'full')
  await sql.raw(`pragma synchronous = ${synchronous}`).execute(hub.services.store.db)
await hub.http.listen({ host: '127.0.0.1', port: 0 })
const address = hub.http.server.address()
if (typeof address !== 'object' || address === null) throw new Error('the hub is not listening')
serveUntilStopped(address.port, () => hub.close())
