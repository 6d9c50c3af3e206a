import { randomBytes } from 'node:crypto'
import { userResourceSchema } from '../../protocol/scim/schemas/index.js'
import { createFaults, type FaultOptions, type Faults } from './faults.js'
import { emulatorApp, freePort, registerStats, scimProblem, seedUsers } from './http.js'
import { scimRoutes } from './scim-routes.js'
import { ScimState } from './scim-state.js'

/**
 * A Sana-like SCIM app (seed 000): a tenant-specific base URL and bearer token, Users only
 * (create, update, deactivate by PATCH, list with startIndex/count), no DELETE, no Groups, no
 * discovery endpoints, and a page size it caps silently (undocumented).
 */
export type SanaOptions = {
  port?: number
  host?: string
  tenant?: string
  token?: string
  faults?: FaultOptions
  /** The silent cap on `count` (default 25). */
  maxPageSize?: number
  /** RFC 7643 userName uniqueness (default on); off, only the client can prevent duplicates. */
  uniqueUserNames?: boolean
}

export type SanaEmulator = {
  readonly baseUrl: string
  readonly token: string
  /** A ready app.json `connection` block. */
  readonly connection: { baseUrl: string; auth: { type: 'bearer'; token: string } }
  readonly state: ScimState
  readonly faults: Faults
  /** Creates users directly in the app's data, as if someone had added them in its UI. */
  seed(userNames: readonly string[]): string[]
  close(): Promise<void>
}

export async function startSanaEmulator(options: SanaOptions = {}): Promise<SanaEmulator> {
  const host = options.host ?? '127.0.0.1'
  const port = options.port || (await freePort(host))
  const tenant = options.tenant ?? `acme-${randomBytes(3).toString('hex')}`
  const token = options.token ?? `sana_${randomBytes(24).toString('base64url')}`
  const prefix = `/t/${tenant}/scim/v2`
  const baseUrl = `http://${host}:${port}${prefix}`
  const state = new ScimState({
    schema: userResourceSchema,
    baseUrl,
    uniqueUserNames: options.uniqueUserNames ?? true,
    deletes: 'none',
    idPrefix: 'sana-',
  })
  const faults = createFaults(options.faults)
  const app = emulatorApp()
  faults.install(app, (url) => url.startsWith(prefix))
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(prefix)) return
    if (request.headers.authorization !== `Bearer ${token}`) {
      return reply.code(401).send(scimProblem(401, 'Invalid bearer token.'))
    }
  })
  const features = {
    deletes: 'none',
    groups: 'none',
    maxPageSize: options.maxPageSize ?? 25,
  } as const
  await app.register(scimRoutes, { prefix, state, features, faults, groups: [], baseUrl })
  registerStats(app, state, faults)
  await app.listen({ host, port })
  return {
    baseUrl,
    token,
    connection: { baseUrl, auth: { type: 'bearer', token } },
    state,
    faults,
    seed: (userNames) => seedUsers(state, userNames),
    close: () => app.close(),
  }
}
