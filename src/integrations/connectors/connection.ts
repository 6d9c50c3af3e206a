import { createHash } from 'node:crypto'
import { z } from 'zod'
import type { Clock } from '../../shared/clock.js'
import type { SecretBox } from '../../shared/crypto/secret-box.js'
import {
  type Authenticator,
  apiKeyHeaderAuth,
  basicAuth,
  bearerAuth,
  type FetchLike,
  oauthClientCredentials,
  type SharedToken,
} from './http/auth.js'
import { oktaPrivateKeyJwt } from './okta/okta-auth.js'
import { Secret } from './secret.js'

/**
 * A connection: where an app lives and how to authenticate to it (DESIGN: `app connect`). The
 * secrets in `auth` are sealed with the secret box before they reach the database and opened only
 * inside the connector, as `Secret`s that reveal their value to the authenticate hook alone.
 */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** https, or http to this machine only (emulators, a hub on the same host). */
export const connectionUrl = z.url({ protocol: /^https?$/ }).refine((value) => {
  const url = new URL(value)
  return url.protocol === 'https:' || LOOPBACK.has(url.hostname)
}, 'must be an https:// URL (http:// is allowed for 127.0.0.1 and localhost only)')

const secretText = z.string().min(1).max(8192)
const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name')

export const connectionAuthSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bearer'), token: secretText }).strict(),
  z
    .object({
      type: z.literal('oauth2_client_credentials'),
      tokenUrl: connectionUrl,
      clientId: z.string().min(1),
      clientSecret: secretText,
      scope: z.string().min(1).optional(),
    })
    .strict(),
  z.object({ type: z.literal('api_key'), header: headerName, value: secretText }).strict(),
  z
    .object({ type: z.literal('basic'), username: z.string().min(1), password: secretText })
    .strict(),
  z
    .object({ type: z.literal('okta_api_token'), orgUrl: connectionUrl, token: secretText })
    .strict(),
  // Okta's recommended production auth: an OAuth 2.0 service app that signs a client assertion
  // (private_key_jwt) and receives scoped access tokens (developer.okta.com/docs/guides/
  // implement-oauth-for-okta-serviceapp). `privateKey` is a PEM or a JWK (JSON text).
  z
    .object({
      type: z.literal('okta_private_key_jwt'),
      orgUrl: connectionUrl,
      clientId: z.string().min(1).max(200),
      privateKey: secretText,
      keyId: z.string().min(1).max(200).optional(),
      scopes: z.array(z.string().regex(/^okta\.[a-zA-Z.]+$/, 'an okta.* scope')).min(1),
    })
    .strict(),
])

export type AuthType = z.infer<typeof connectionAuthSchema>['type']

/**
 * The tenant's own rate limit, when the admin knows it (it overrides the catalog's hint).
 * `share` is the part of it this connection may use: quotas are often shared by a whole org.
 */
export const connectionRateLimitSchema = z
  .object({
    requests: z.number().int().positive(),
    windowMs: z.number().int().positive(),
    share: z.number().gt(0).max(1).optional(),
  })
  .strict()

export type ConnectionRateLimit = z.infer<typeof connectionRateLimitSchema>

/** The fields every API connection has; a connector's own config schema extends it. */
export const baseConnectionSchema = z
  .object({
    baseUrl: connectionUrl,
    auth: connectionAuthSchema,
    rateLimit: connectionRateLimitSchema.optional(),
  })
  .strict()

/** The auth block with its secrets as `S`: plain strings on input, sealed text, or `Secret`s. */
export type ConnectionAuth<S> =
  | { type: 'bearer'; token: S }
  | {
      type: 'oauth2_client_credentials'
      tokenUrl: string
      clientId: string
      clientSecret: S
      scope?: string
    }
  | { type: 'api_key'; header: string; value: S }
  | { type: 'basic'; username: string; password: S }
  | { type: 'okta_api_token'; orgUrl: string; token: S }
  | {
      type: 'okta_private_key_jwt'
      orgUrl: string
      clientId: string
      privateKey: S
      keyId?: string
      scopes: string[]
    }

/** A connection with secrets as `S`, plus connector-specific options (validated by the connector). */
export type Connection<S> = {
  baseUrl: string
  auth: ConnectionAuth<S>
  rateLimit?: ConnectionRateLimit
  profile?: Readonly<Record<string, unknown>>
}

/** As stored: secrets sealed (`v1.…` secret-box text). */
export type SealedConnection = Connection<string>
/** As a connector sees it: secrets that reveal themselves only to the authenticate hook. */
export type OpenConnection = Connection<Secret>

/** Which fields of each auth type are secret. */
const SECRET_FIELD = {
  bearer: 'token',
  oauth2_client_credentials: 'clientSecret',
  api_key: 'value',
  basic: 'password',
  okta_api_token: 'token',
  okta_private_key_jwt: 'privateKey',
} as const satisfies Record<AuthType, string>

/** What a sealed connection belongs to: an app, or a source of people (an Okta org). */
export type SealedFor = 'app' | 'source'

/** Binds a ciphertext to its owner and field, so a sealed value copied elsewhere will not open. */
function associatedData(ownerId: string, type: AuthType, owner: SealedFor): string {
  return `rollcall:${owner}:${ownerId}:auth.${SECRET_FIELD[type]}`
}

function mapSecret<A, B>(auth: ConnectionAuth<A>, map: (value: A) => B): ConnectionAuth<B> {
  switch (auth.type) {
    case 'bearer':
      return { ...auth, token: map(auth.token) }
    case 'oauth2_client_credentials':
      return { ...auth, clientSecret: map(auth.clientSecret) }
    case 'api_key':
      return { ...auth, value: map(auth.value) }
    case 'basic':
      return { ...auth, password: map(auth.password) }
    case 'okta_api_token':
      return { ...auth, token: map(auth.token) }
    case 'okta_private_key_jwt':
      return { ...auth, privateKey: map(auth.privateKey) }
  }
}

/** Seals the secret of a validated connection for storage. */
export function sealConnection(
  connection: Connection<string>,
  box: SecretBox,
  appId: string,
  owner: SealedFor = 'app',
): SealedConnection {
  const aad = associatedData(appId, connection.auth.type, owner)
  return { ...connection, auth: mapSecret(connection.auth, (plain) => box.seal(plain, aad)) }
}

/** Wraps the sealed secret in a `Secret` that decrypts on each reveal; nothing is decrypted now. */
export function openConnection(
  stored: SealedConnection,
  box: SecretBox,
  appId: string,
  owner: SealedFor = 'app',
): OpenConnection {
  const aad = associatedData(appId, stored.auth.type, owner)
  return { ...stored, auth: mapSecret(stored.auth, (sealed) => Secret.sealed(box, sealed, aad)) }
}

/** The connection as the admin API and the audit trail show it: every secret left out. */
export function describeConnection(connection: Connection<unknown>): Record<string, unknown> {
  const secretField = SECRET_FIELD[connection.auth.type]
  const auth = Object.entries(connection.auth).filter(([key]) => key !== secretField)
  return { ...connection, auth: Object.fromEntries(auth) }
}

/**
 * Names the credentials of a stored connection without revealing them: a digest of the sealed
 * auth block, which changes whenever the admin changes the client, the scope or the secret. The
 * token cache keys on it, so a token obtained with old credentials is never reused.
 */
export function credentialVersion(auth: ConnectionAuth<string>): string {
  return createHash('sha256').update(JSON.stringify(auth)).digest('base64url').slice(0, 22)
}

/**
 * The authenticate hook for a connection's auth block; `token` shares OAuth access tokens with
 * every other connector of the same connection in the process.
 */
export function authenticatorFor(
  auth: ConnectionAuth<Secret>,
  deps: { fetch: FetchLike; clock: Clock; token?: SharedToken },
): Authenticator {
  switch (auth.type) {
    case 'bearer':
      return bearerAuth(auth.token)
    case 'oauth2_client_credentials':
      return oauthClientCredentials(
        {
          tokenUrl: auth.tokenUrl,
          clientId: auth.clientId,
          clientSecret: auth.clientSecret,
          ...(auth.scope === undefined ? {} : { scope: auth.scope }),
        },
        deps,
      )
    case 'api_key':
      return apiKeyHeaderAuth(auth.header, auth.value)
    case 'basic':
      return basicAuth(auth.username, auth.password)
    case 'okta_api_token':
      // Okta's API tokens go in `Authorization: SSWS <token>`.
      return apiKeyHeaderAuth('Authorization', auth.token, 'SSWS ')
    case 'okta_private_key_jwt':
      return oktaPrivateKeyJwt(auth, deps)
  }
}
