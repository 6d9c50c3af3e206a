import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import ipaddr from 'ipaddr.js'

/**
 * Stensul's API connection (seed 003): OAuth 2.0 client credentials (RFC 6749 §4.4) for a client
 * id and secret, and an allowlist of egress IP addresses checked on every call.
 */
export type ApiConnection = {
  readonly clientId: string
  readonly clientSecret: string
  /** CIDRs allowed to call; Stensul refuses every other address. */
  allowlist: string[]
  readonly tokenTtlSeconds: number
}

export type TokenIssuer = {
  readonly issued: () => number
  /** Whether a bearer token is one this app issued and still valid. */
  isValid(token: string): boolean
  /** Forgets every token (a revoked connection; tests of the 401-then-refresh path). */
  revokeAll(): void
}

export function isAllowed(ip: string, allowlist: readonly string[]): boolean {
  try {
    const address = ipaddr.process(ip)
    return allowlist.some((cidr) => {
      const range = ipaddr.parseCIDR(cidr)
      return address.kind() === range[0].kind() && address.match(range)
    })
  } catch {
    return false
  }
}

/** `POST /oauth/token` with client_secret_basic or client_secret_post (RFC 6749 §2.3.1). */
export function registerTokenEndpoint(
  app: FastifyInstance,
  connection: ApiConnection,
  now: () => number = Date.now,
): TokenIssuer {
  const tokens = new Map<string, number>()
  let issued = 0
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  )
  app.post('/oauth/token', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string>
    if (form.grant_type !== 'client_credentials') {
      return oauthError(reply, 400, 'unsupported_grant_type')
    }
    const client = clientOf(request, form)
    if (
      !client ||
      client.id !== connection.clientId ||
      !same(client.secret, connection.clientSecret)
    ) {
      reply.header('www-authenticate', 'Basic realm="stensul"')
      return oauthError(reply, 401, 'invalid_client')
    }
    const token = `stn_${randomBytes(24).toString('base64url')}`
    tokens.set(token, now() + connection.tokenTtlSeconds * 1000)
    issued += 1
    reply.header('cache-control', 'no-store')
    return { access_token: token, token_type: 'Bearer', expires_in: connection.tokenTtlSeconds }
  })
  return {
    issued: () => issued,
    isValid: (token) => (tokens.get(token) ?? 0) > now(),
    revokeAll: () => tokens.clear(),
  }
}

function clientOf(
  request: FastifyRequest,
  form: Record<string, string>,
): { id: string; secret: string } | undefined {
  const header = request.headers.authorization
  const basic = typeof header === 'string' ? /^Basic\s+(\S+)$/i.exec(header) : null
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) return undefined
    return {
      id: decodeURIComponent(decoded.slice(0, colon)),
      secret: decodeURIComponent(decoded.slice(colon + 1)),
    }
  }
  if (form.client_id && form.client_secret)
    return { id: form.client_id, secret: form.client_secret }
  return undefined
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

function oauthError(reply: FastifyReply, status: number, error: string) {
  return reply.code(status).send({ error })
}
