// Child process: N Sana-like apps (src/dev/emulators/sana.ts), one port each, for the apply
// benchmark. Each app answers with `--latency-ms` of delay and admits `--rate-limit` requests/s
// (0: no limit). userName uniqueness is off, so a duplicated create shows in the app's creations.
// Usage: node --import tsx bench/apply/emulators-child.ts --ports 4001,4002 --token x
//        [--rate-limit 50] [--latency-ms 0]
import { startSanaEmulator } from '../../src/dev/emulators/index.js'
import { childArgs, serveUntilStopped } from '../lib/child-control.js'

const args = childArgs()
const ports = args.get('ports').split(',').map(Number)
const limit = Number(args.optional('rate-limit') ?? 0)
const latencyMs = Number(args.optional('latency-ms') ?? 0)
const apps = await Promise.all(
  ports.map((port, i) =>
    startSanaEmulator({
      port,
      tenant: `app${i + 1}`,
      token: args.get('token'),
      uniqueUserNames: false,
      maxPageSize: 1000,
      faults: {
        seed: 1,
        ...(limit > 0 ? { rateLimitPerSecond: limit } : {}),
        ...(latencyMs > 0 ? { slowRate: 1, slowMs: latencyMs } : {}),
      },
    }),
  ),
)
serveUntilStopped(ports[0] as number, async () => {
  await Promise.all(apps.map((app) => app.close()))
})
