import { randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { emulatorApp, freePort } from './http.js'
import { createTokenEndpoint, type ServiceApp } from './okta-auth.js'
import { oktaError, registerGroupRoutes, registerUserRoutes } from './okta-routes.js'
import { isFailure, OktaState } from './okta-state.js'

/**
 * An Okta org's Management API (seed 004) on 127.0.0.1: /api/v1/users and /api/v1/groups with
 * Okta's paging (`limit`, `after`, `Link: rel="next"`), `search`/`filter`, lifecycle states
 * STAGED → PROVISIONED/ACTIVE → SUSPENDED → DEPROVISIONED, error bodies with
 * `errorCode`/`errorSummary`, SSWS API tokens and OAuth 2.0 service apps (private_key_jwt), and
 * an org-wide rate limit reported on every answer with X-Rate-Limit-Limit/-Remaining/-Reset
 * (reset in UTC epoch seconds) and enforced with 429 E0000047, as
 * developer.okta.com/docs/reference/rl-best-practices describes. Time comes from `now`, so a test
 * can drive the emulator and the connector with one fake clock.
 */
export type OktaEmulatorOptions = {
  port?: number
  host?: string
  token?: string
  now?: () => number
  /** Requests per window for the whole org (default 600 per minute). */
  rateLimit?: { limit: number; windowMs: number }
  serviceApps?: ServiceApp[]
}

export type OktaEmulator = {
  readonly orgUrl: string
  readonly token: string
  readonly state: OktaState
  readonly stats: { requests: number; rateLimited: number; tokenRequests: number }
  /** The connection block of an app.json, and the config of an Okta source. */
  readonly connection: { auth: { type: 'okta_api_token'; orgUrl: string; token: string } }
  setRateLimit(limit: { limit: number; windowMs: number }): void
  /** Makes the n-th (1-based) page of user listings fail with 500 until cleared (undefined). */
  failPage(page: number | undefined): void
  /** Users made directly in the org (as if in the Admin Console); returns their ids. */
  seedUsers(logins: readonly string[], extra?: Record<string, string>): string[]
  seedGroup(name: string, memberIds?: readonly string[]): string
  close(): Promise<void>
}

export async function startOktaEmulator(options: OktaEmulatorOptions = {}): Promise<OktaEmulator> {
  const host = options.host ?? '127.0.0.1'
  const port = options.port || (await freePort(host))
  const now = options.now ?? Date.now
  const orgUrl = `http://${host}:${port}`
  const token = options.token ?? `00${randomBytes(20).toString('base64url')}`
  const state = new OktaState(now)
  const stats = { requests: 0, rateLimited: 0, tokenRequests: 0 }
  let rateLimit = options.rateLimit ?? { limit: 600, windowMs: 60_000 }
  const window = { start: 0, used: 0 }
  let failingPage: number | undefined
  const tokens = createTokenEndpoint(options.serviceApps ?? [], now)
  const app = emulatorApp()
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  )

  const quota = () => {
    const at = now()
    const start = Math.floor(at / rateLimit.windowMs) * rateLimit.windowMs
    if (start !== window.start) Object.assign(window, { start, used: 0 })
    return { resetSeconds: Math.ceil((start + rateLimit.windowMs) / 1000) }
  }
  const authorized = (request: FastifyRequest) => {
    const header = request.headers.authorization ?? ''
    if (header === `SSWS ${token}`) return true
    const bearer = /^Bearer (.+)$/.exec(header)?.[1]
    const grant = bearer ? tokens.issued.get(bearer) : undefined
    return grant !== undefined && grant.expiresAtMs > now()
  }

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith('/api/v1/')) return
    stats.requests += 1
    const { resetSeconds } = quota()
    const over = window.used >= rateLimit.limit
    if (!over) window.used += 1
    reply.header('x-rate-limit-limit', String(rateLimit.limit))
    reply.header('x-rate-limit-remaining', String(Math.max(0, rateLimit.limit - window.used)))
    reply.header('x-rate-limit-reset', String(resetSeconds))
    if (over) {
      stats.rateLimited += 1
      return oktaError(reply, {
        status: 429,
        errorCode: 'E0000047',
        errorSummary: 'API call exceeded rate limit due to too many requests.',
      })
    }
    if (!authorized(request)) {
      return oktaError(reply, {
        status: 401,
        errorCode: 'E0000011',
        errorSummary: 'Invalid token provided',
      })
    }
  })

  app.post('/oauth2/v1/token', async (request, reply) => {
    stats.tokenRequests += 1
    const answer = tokens.exchange(
      request.body as Record<string, string>,
      `${orgUrl}/oauth2/v1/token`,
    )
    return reply.code(answer.status).send(answer.body)
  })
  const routes = { state, base: () => orgUrl, failingPage: () => failingPage }
  registerUserRoutes(app, routes)
  registerGroupRoutes(app, routes)
  await app.listen({ host, port })

  return {
    orgUrl,
    token,
    state,
    stats,
    connection: { auth: { type: 'okta_api_token', orgUrl, token } },
    setRateLimit: (limit) => {
      rateLimit = limit
    },
    failPage: (page) => {
      failingPage = page
    },
    seedUsers: (logins, extra = {}) =>
      logins.map((login) => {
        const [first = 'Given', last = 'Family'] = login.split('@')[0]?.split('.') ?? []
        const created = state.createUser(
          { login, email: login, firstName: first, lastName: last, ...extra },
          true,
        )
        if (isFailure(created)) throw new Error(created.errorSummary)
        state.setStatus(created, 'ACTIVE')
        return created.id
      }),
    seedGroup: (name, memberIds = []) => {
      const group = state.createGroup({ name })
      if (isFailure(group)) throw new Error(group.errorSummary)
      for (const id of memberIds) state.setMember(group, id, true)
      return group.id
    },
    close: () => app.close(),
  }
}
