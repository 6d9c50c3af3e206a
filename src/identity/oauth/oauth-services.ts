import type { default as Provider } from 'oidc-provider'
import type { AuditLog } from '../../platform/audit/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { SecretBox } from '../../shared/crypto/secret-box.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import type { ConsoleSessionService, MemberService, SessionCookie } from '../members/index.js'
import type { WorkspaceService } from '../workspace/index.js'
import { createOAuthAppService } from './apps.js'
import { createArtifactStore } from './artifact-store.js'
import { createApiConnectionService } from './connections.js'
import { createOAuthProvider, type OAuthProviderSettings } from './provider.js'
import { createOAuthTokenAuthenticator } from './token-auth.js'

export type OAuthServicesDeps = {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
  log: Logger
  secretBox: SecretBox
  workspaces: Pick<WorkspaceService, 'findById'>
  members: Pick<MemberService, 'findById'>
  sessions: Pick<ConsoleSessionService, 'resume'>
  cookie: SessionCookie
}

/**
 * The OAuth domain on one store: app and connection management, the provider's storage, the
 * management API's bearer-token authenticator, and the provider itself, built on first use (the
 * server asks for it; the CLI never does).
 */
export function createOAuthServices(settings: OAuthProviderSettings, deps: OAuthServicesDeps) {
  const artifacts = createArtifactStore(deps)
  let provider: Promise<Provider> | undefined
  return {
    apps: createOAuthAppService(deps),
    connections: createApiConnectionService(deps),
    artifacts,
    tokenAuthenticator: createOAuthTokenAuthenticator({ ...deps, artifacts }),
    provider(): Promise<Provider> {
      provider ??= createOAuthProvider(settings, { ...deps, artifacts })
      return provider
    },
  }
}

export type OAuthServices = ReturnType<typeof createOAuthServices>
