// Child process: the Sana-like emulator (test/emulators/sana.ts) limiting at --rate-limit
// requests/s, for the connector benchmark. It does not enforce userName uniqueness, so a
// duplicated create would show up in /_emulator/stats.
// Usage: node --import tsx bench/connectors/emulator-child.ts --rate-limit 50 --tenant t --token x
import { startSanaEmulator } from '../../test/emulators/sana.js'
import { childArgs, serveUntilStopped } from '../lib/child-control.js'

const args = childArgs()
const rate = (name: string) => Number(args.optional(name) ?? 0)
const sana = await startSanaEmulator({
  tenant: args.get('tenant'),
  token: args.get('token'),
  uniqueUserNames: false,
  faults: {
    seed: 1,
    rateLimitPerSecond: Number(args.get('rate-limit')),
    errorRate: rate('error-rate'),
    resetRate: rate('reset-rate'),
  },
})
serveUntilStopped(Number(new URL(sana.baseUrl).port), () => sana.close())
