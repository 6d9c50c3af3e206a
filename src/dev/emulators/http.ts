import { createServer } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import { URN } from '../../protocol/scim/schemas/index.js'
import type { Faults } from './faults.js'
import type { ScimState } from './scim-state.js'

/** A port that was free a moment ago (the OS picks it), so base URLs are known before listening. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/** A quiet Fastify app that reads `application/scim+json` as JSON (RFC 7644 §3.1). */
export function emulatorApp(): FastifyInstance {
  const app = Fastify({ logger: false, forceCloseConnections: true })
  app.addContentTypeParser(
    /^application\/scim\+json/i,
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  )
  return app
}

/** An RFC 7644 §3.12 error body. */
export function scimProblem(status: number, detail: string) {
  return { schemas: [URN.error], status: String(status), detail }
}

/** Creates users directly in an app's data, as if someone had added them in its UI. */
export function seedUsers(state: ScimState, userNames: readonly string[]): string[] {
  return userNames.map((userName) => {
    const created = state.create(userBody(userName))
    if (!created.ok) throw created.error
    return created.value.id
  })
}

/** A user body for seeding and tests. */
export function userBody(userName: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [URN.user],
    userName,
    name: { givenName: 'Given', familyName: 'Family' },
    emails: [{ value: userName, type: 'work', primary: true }],
    active: true,
    ...extra,
  }
}

/**
 * `GET /_emulator/stats`: what the app saw and holds, outside its API (no auth; emulators only
 * listen on 127.0.0.1). Benchmarks and demos read it from another process.
 */
export function registerStats(app: FastifyInstance, state: ScimState, faults: Faults): void {
  app.get('/_emulator/stats', async () => ({
    faults: faults.stats,
    users: state.visible().length,
    creations: state.creations.length,
    duplicates: state.duplicates(),
    restorations: state.restorations,
  }))
}
