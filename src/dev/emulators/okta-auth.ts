import { createPublicKey, type JsonWebKey, type KeyObject, randomBytes, verify } from 'node:crypto'

/**
 * The org authorization server's token endpoint for OAuth 2.0 service apps
 * (developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp): client credentials with
 * a private_key_jwt client assertion (RFC 7523), checked against the app's registered public key.
 */
export type ServiceApp = { clientId: string; publicKey: JsonWebKey | string; scopes: string[] }

export type TokenGrant = { token: string; scopes: string[]; expiresAtMs: number }

export function createTokenEndpoint(apps: readonly ServiceApp[], now: () => number) {
  const issued = new Map<string, TokenGrant>()
  const usedJti = new Set<string>()
  return {
    issued,
    /** Answers a token request form; `tokenUrl` is the audience the assertion must name. */
    exchange(form: Record<string, string>, tokenUrl: string) {
      if (form.grant_type !== 'client_credentials') return fail('unsupported_grant_type')
      if (form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
        return fail('invalid_client')
      }
      const claims = checkAssertion(form.client_assertion ?? '', apps, tokenUrl, now())
      if (!claims || usedJti.has(claims.jti)) return fail('invalid_client')
      usedJti.add(claims.jti)
      const requested = (form.scope ?? '').split(' ').filter(Boolean)
      if (requested.length === 0 || !requested.every((s) => claims.app.scopes.includes(s))) {
        return fail('invalid_scope')
      }
      const token = randomBytes(24).toString('base64url')
      issued.set(token, { token, scopes: requested, expiresAtMs: now() + 3_600_000 })
      return {
        status: 200,
        body: {
          token_type: 'Bearer',
          expires_in: 3600,
          access_token: token,
          scope: requested.join(' '),
        },
      }
    },
  }
}

function fail(error: string) {
  return {
    status: error === 'invalid_client' ? 401 : 400,
    body: { error, error_description: error },
  }
}

function checkAssertion(jwt: string, apps: readonly ServiceApp[], audience: string, nowMs: number) {
  const [head, body, signature] = jwt.split('.')
  if (!head || !body || !signature) return undefined
  const header = decode(head)
  const claims = decode(body)
  const app = apps.find((a) => a.clientId === claims?.iss)
  if (!header || !claims || !app) return undefined
  const key = publicKeyOf(app)
  const alg = header.alg
  const valid = verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    { key, ...(alg === 'ES256' ? { dsaEncoding: 'ieee-p1363' as const } : {}) },
    Buffer.from(signature, 'base64url'),
  )
  const now = Math.floor(nowMs / 1000)
  const fresh = typeof claims.exp === 'number' && claims.exp > now && claims.exp - now <= 3600
  if (!valid || !fresh || claims.sub !== app.clientId || claims.aud !== audience) return undefined
  if (typeof claims.jti !== 'string') return undefined
  return { app, jti: claims.jti }
}

function publicKeyOf(app: ServiceApp): KeyObject {
  return typeof app.publicKey === 'string'
    ? createPublicKey(app.publicKey)
    : createPublicKey({ key: app.publicKey, format: 'jwk' })
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
