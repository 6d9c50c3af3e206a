import { createPrivateKey, type JsonWebKey, type KeyObject, randomUUID, sign } from 'node:crypto'
import type { Clock } from '../../../shared/clock.js'
import { isRecord } from '../../../shared/json.js'
import {
  type Authenticator,
  type FetchLike,
  oauthClientCredentials,
  type SharedToken,
} from '../http/auth.js'
import type { Secret } from '../secret.js'

export type OktaServiceApp = {
  readonly orgUrl: string
  readonly clientId: string
  readonly privateKey: Secret
  readonly keyId?: string
  readonly scopes: readonly string[]
}

/**
 * Okta's OAuth 2.0 service app (developer.okta.com/docs/guides/implement-oauth-for-okta-serviceapp):
 * the client credentials grant at the org authorization server, authenticated with a JWT signed
 * by the app's private key (private_key_jwt is the only method Okta accepts for tokens with
 * okta.* scopes). The access token is then sent as `Authorization: Bearer`.
 */
export function oktaPrivateKeyJwt(
  app: OktaServiceApp,
  deps: { fetch: FetchLike; clock: Clock; token?: SharedToken },
): Authenticator {
  const tokenUrl = new URL('/oauth2/v1/token', app.orgUrl).toString()
  return oauthClientCredentials(
    {
      tokenUrl,
      clientId: app.clientId,
      clientSecret: app.privateKey,
      scope: app.scopes.join(' '),
      clientAuth: 'private_key_jwt',
      assertion: () => clientAssertion(app, tokenUrl, deps.clock),
    },
    deps,
  )
}

type SigningKey = { key: KeyObject; alg: 'RS256' | 'ES256'; kid?: string }

/** Reads a PEM or a JWK (JSON text) and picks the JWS algorithm Okta accepts for its type. */
export function readSigningKey(text: string): SigningKey {
  const trimmed = text.trim()
  const jwk = trimmed.startsWith('{') ? (JSON.parse(trimmed) as unknown) : undefined
  const key = isRecord(jwk)
    ? createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' })
    : createPrivateKey(trimmed)
  const type = key.asymmetricKeyType
  if (type === 'rsa') return withKid({ key, alg: 'RS256' }, jwk)
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') {
    return withKid({ key, alg: 'ES256' }, jwk)
  }
  throw new Error('the private key must be RSA (RS256) or EC P-256 (ES256)')
}

function withKid(key: SigningKey, jwk: unknown): SigningKey {
  return isRecord(jwk) && typeof jwk.kid === 'string' ? { ...key, kid: jwk.kid } : key
}

/**
 * RFC 7523 §3: iss and sub are the client id, aud the token endpoint, a short lifetime (Okta
 * refuses more than an hour) and a unique jti so the assertion cannot be replayed.
 */
function clientAssertion(app: OktaServiceApp, tokenUrl: string, clock: Clock): string {
  const signing = readSigningKey(app.privateKey.reveal())
  const kid = app.keyId ?? signing.kid
  const now = Math.floor(clock.now().getTime() / 1000)
  const header = { alg: signing.alg, typ: 'JWT', ...(kid ? { kid } : {}) }
  const claims = {
    iss: app.clientId,
    sub: app.clientId,
    aud: tokenUrl,
    iat: now,
    exp: now + 300,
    jti: randomUUID(),
  }
  const input = `${base64url(header)}.${base64url(claims)}`
  // JWS (RFC 7518 §3.4): ECDSA signatures are R || S, not DER.
  const signature = sign('sha256', Buffer.from(input), {
    key: signing.key,
    ...(signing.alg === 'ES256' ? { dsaEncoding: 'ieee-p1363' as const } : {}),
  })
  return `${input}.${signature.toString('base64url')}`
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}
