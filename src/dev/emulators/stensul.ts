import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { sendScim } from '../../identity/directory/index.js'
import {
  type ResourceSchema,
  type ScimResource,
  userResourceSchema,
} from '../../protocol/scim/schemas/index.js'
import { toListResponse } from '../../protocol/scim/serialize.js'
import { createFaults, type FaultOptions, type Faults } from './faults.js'
import { emulatorApp, freePort, registerStats, scimProblem, seedUsers } from './http.js'
import { type ReadOnlyGroup, scimRoutes } from './scim-routes.js'
import { ScimState } from './scim-state.js'
import {
  type ApiConnection,
  isAllowed,
  registerTokenEndpoint,
  type TokenIssuer,
} from './stensul-oauth.js'

/**
 * A Stensul-like SCIM app (seed 003): OAuth 2.0 client credentials and an IP allowlist; full
 * Users CRUD where DELETE is soft (hidden from every GET, brought back by a POST with the same
 * email); Groups that are roles, read-only except their members (PATCH of `members` works,
 * every other Group write is "coming soon"); discovery endpoints; a custom `Libraries` resource.
 */
export type StensulOptions = {
  port?: number
  host?: string
  allowlist?: string[]
  tokenTtlSeconds?: number
  /** The emulator's clock for token expiry (tests share a fake clock with the hub). */
  now?: () => number
  faults?: FaultOptions
  maxPageSize?: number
  /** Role names; default Admin, Creator, Reviewer. */
  roles?: readonly string[]
}

export type StensulEmulator = {
  readonly baseUrl: string
  readonly tokenUrl: string
  readonly clientId: string
  readonly clientSecret: string
  readonly connection: {
    baseUrl: string
    auth: {
      type: 'oauth2_client_credentials'
      tokenUrl: string
      clientId: string
      clientSecret: string
    }
  }
  readonly state: ScimState
  readonly faults: Faults
  readonly tokens: TokenIssuer
  readonly apiConnection: ApiConnection
  readonly roles: readonly ReadOnlyGroup[]
  seed(userNames: readonly string[]): string[]
  close(): Promise<void>
}

/** Stensul documents fewer User attributes than RFC 7643 defines; its /Schemas says which. */
const STENSUL_ATTRIBUTES = new Set(['userName', 'name', 'displayName', 'emails', 'active'])
export const stensulUserSchema: ResourceSchema = {
  ...userResourceSchema,
  core: {
    ...userResourceSchema.core,
    attributes: userResourceSchema.core.attributes.filter((a) => STENSUL_ATTRIBUTES.has(a.name)),
  },
  extensions: [],
}

const LIBRARY_URN = 'urn:stensul:scim:schemas:1.0:Library'
const LIBRARIES = ['Brand essentials', 'Product launches', 'Newsletters'].map((name, i) => ({
  schemas: [LIBRARY_URN],
  id: `lib-${i + 1}`,
  name,
}))

type Parts = {
  readonly options: StensulOptions
  readonly apiConnection: ApiConnection
  readonly state: ScimState
  readonly faults: Faults
  readonly roles: ReadOnlyGroup[]
  readonly baseUrl: string
}

export async function startStensulEmulator(options: StensulOptions = {}): Promise<StensulEmulator> {
  const host = options.host ?? '127.0.0.1'
  const port = options.port || (await freePort(host))
  const origin = `http://${host}:${port}`
  const baseUrl = `${origin}/scim/v2`
  const parts: Parts = {
    options,
    baseUrl,
    apiConnection: {
      clientId: `stensul-${randomBytes(4).toString('hex')}`,
      clientSecret: randomBytes(24).toString('base64url'),
      allowlist: options.allowlist ?? ['127.0.0.1/32', '::1/128'],
      tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    },
    state: new ScimState({
      schema: stensulUserSchema,
      baseUrl,
      uniqueUserNames: true,
      deletes: 'soft',
      idPrefix: 'stn-',
    }),
    faults: createFaults(options.faults),
    roles: (options.roles ?? ['Admin', 'Creator', 'Reviewer']).map((name) => ({
      id: `role-${name.toLowerCase()}`,
      displayName: name,
      memberIds: [],
    })),
  }
  const { app, tokens } = await buildApp(parts)
  await app.listen({ host, port })
  return toEmulator(parts, `${origin}/oauth/token`, tokens, () => app.close())
}

/** Allowlist first (as a firewall would), then faults, the token endpoint, and SCIM behind a token. */
async function buildApp(parts: Parts) {
  const { apiConnection, state, faults } = parts
  const app = emulatorApp()
  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowed(request.ip, apiConnection.allowlist)) {
      const detail = `IP address ${request.ip} is not on the allowlist.`
      return reply.code(403).send(scimProblem(403, detail))
    }
  })
  faults.install(app, (url) => url.startsWith('/scim/v2'))
  const tokens = registerTokenEndpoint(app, apiConnection, parts.options.now)
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/scim/v2')) return
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
    if (!bearer || !tokens.isValid(bearer)) {
      return reply.code(401).send(scimProblem(401, 'Invalid or expired access token.'))
    }
  })
  await app.register(async (scim) => scimSurface(scim, parts), { prefix: '/scim/v2' })
  registerStats(app, state, faults)
  return { app, tokens }
}

async function scimSurface(scim: FastifyInstance, parts: Parts): Promise<void> {
  const pageSize = parts.options.maxPageSize ?? 100
  const features = {
    deletes: 'soft',
    groups: 'members_only',
    maxPageSize: pageSize,
    discovery: {
      maxResults: pageSize,
      schema: stensulUserSchema,
      extraResourceTypes: [{ id: 'Library', endpoint: '/Libraries', schema: LIBRARY_URN }],
    },
  } as const
  const { state, faults, roles, baseUrl } = parts
  await scimRoutes(scim, { state, features, faults, groups: roles, baseUrl })
  const libraries = toListResponse(LIBRARIES as ScimResource[], {
    totalResults: LIBRARIES.length,
    startIndex: 1,
  })
  scim.get('/Libraries', async (_request, reply) => sendScim(reply, 200, libraries))
}

function toEmulator(
  parts: Parts,
  tokenUrl: string,
  tokens: TokenIssuer,
  close: () => Promise<void>,
): StensulEmulator {
  const { apiConnection, state } = parts
  const { clientId, clientSecret } = apiConnection
  return {
    baseUrl: parts.baseUrl,
    tokenUrl,
    clientId,
    clientSecret,
    connection: {
      baseUrl: parts.baseUrl,
      auth: { type: 'oauth2_client_credentials', tokenUrl, clientId, clientSecret },
    },
    state,
    faults: parts.faults,
    tokens,
    apiConnection,
    roles: parts.roles,
    seed: (userNames) => seedUsers(state, userNames),
    close,
  }
}
