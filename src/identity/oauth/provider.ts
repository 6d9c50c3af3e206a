import type { Configuration, default as Provider } from 'oidc-provider'
import { SCOPES } from '../../platform/auth/index.js'
import type { Db } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { SecretBox } from '../../shared/crypto/secret-box.js'
import { createAdapterFactory } from './adapter.js'
import type { ArtifactStore } from './artifact-store.js'
import { EXTRA_CLIENT_METADATA } from './client-store.js'
import {
  consoleSessionCheck,
  findAccount,
  type HookDeps,
  installClientAuthentication,
  listen,
  type OidcModule,
  renderError,
} from './provider-hooks.js'
import { loadSigningKeys } from './signing-keys.js'

export type OAuthProviderSettings = {
  /** The issuer identifier: the hub's public URL (RFC 8414 §2). */
  issuer: string
  trustProxy: boolean
  /** Signs the provider's cookies; derived from the instance's secret key. */
  cookieKey: string
}

export type OAuthProviderDeps = HookDeps & {
  db: Db
  clock: Clock
  secretBox: SecretBox
  artifacts: ArtifactStore
}

/** The provider's endpoints, all under /oauth (seed 002), plus its discovery documents. */
export const OAUTH_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  userinfo: '/oauth/userinfo',
  revocation: '/oauth/revoke',
  introspection: '/oauth/introspect',
  jwks: '/oauth/jwks',
  end_session: '/oauth/logout',
} as const

const HOUR = 60 * 60
const DAY = 24 * HOUR

/**
 * The OAuth 2.0 authorization server, on panva's certified oidc-provider: authorization code with
 * PKCE (S256), refresh tokens with rotation and reuse detection, client credentials for API
 * connections, revocation (RFC 7009), introspection (RFC 7662) and UserInfo. oidc-provider is
 * imported here, at run time, so that the CLI never loads it.
 */
export async function createOAuthProvider(
  settings: OAuthProviderSettings,
  deps: OAuthProviderDeps,
): Promise<Provider> {
  const oidc: OidcModule = await import('oidc-provider')
  const jwks = await loadSigningKeys(deps)
  const provider = new oidc.Provider(settings.issuer, {
    ...configuration(oidc, settings, deps),
    jwks: jwks as Configuration['jwks'],
  })
  provider.proxy = settings.trustProxy
  installClientAuthentication(provider, oidc)
  listen(provider, deps.log)
  return provider
}

function configuration(
  oidc: OidcModule,
  settings: OAuthProviderSettings,
  deps: OAuthProviderDeps,
): Configuration {
  const policy = oidc.interactionPolicy.base()
  policy.get('login')?.checks.add(consoleSessionCheck(oidc, deps))
  return {
    adapter: createAdapterFactory({
      db: deps.db,
      artifacts: deps.artifacts,
      reused: (model) =>
        new oidc.errors.InvalidGrant(`${model} was already used; its grant is revoked`),
    }),
    findAccount: findAccount(oidc, deps),
    claims: { openid: ['sub'], 'user.read': ['email', 'role', 'workspace_id'] },
    // Management permissions are scopes of this same server (it is its own resource server).
    scopes: ['openid', 'offline_access', ...SCOPES],
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    // RFC 9700 §2.1.1: PKCE, S256 only (oidc-provider supports nothing else); per app required.
    pkce: { required: (_ctx, client) => client.rollcall_pkce !== 'optional' },
    // RFC 9700 §4.14.2: every refresh rotates; a rotated token used again revokes the grant.
    rotateRefreshToken: true,
    // RFC 9700 §4.1.3 and OAuth 2.1: redirect_uri always present and compared exactly.
    allowOmittingSingleRegisteredRedirectUri: false,
    extraClientMetadata: { properties: EXTRA_CLIENT_METADATA },
    clientBasedCORS: () => false,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // A client introspects only its own tokens, so no workspace learns about another's.
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      // Also how a browser signed in as one member continues as another (oidc-provider's resume).
      rpInitiatedLogout: { enabled: true },
    },
    routes: OAUTH_ROUTES,
    interactions: { url: (_ctx, interaction) => `/oauth/interaction/${interaction.uid}`, policy },
    cookies: {
      keys: [settings.cookieKey],
      names: {
        session: 'rollcall_op_session',
        interaction: 'rollcall_op_interaction',
        resume: 'rollcall_op_resume',
      },
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    ttl: {
      AccessToken: HOUR,
      AuthorizationCode: 60,
      ClientCredentials: HOUR,
      IdToken: HOUR,
      Interaction: 10 * 60,
      Grant: 14 * DAY,
      RefreshToken: 14 * DAY,
      Session: 8 * HOUR,
    },
    renderError,
  }
}
