import {
  createDirectoryReader,
  createDirectoryService,
  createScimService,
} from '../../identity/directory/index.js'
import {
  createConsoleSessionService,
  createMemberService,
  createSessionAuthenticator,
  createSessionCookie,
} from '../../identity/members/index.js'
import { createOAuthServices } from '../../identity/oauth/index.js'
import { createPeopleDomain } from '../../identity/people/index.js'
import { createSamlService } from '../../identity/saml/index.js'
import {
  createApiTokenService,
  createManagementAuth,
  createWorkspaceService,
} from '../../identity/workspace/index.js'
import { deriveKey } from '../../shared/crypto/tokens.js'
import type { IntegrationServices } from './integration-services.js'
import type { PlatformServices } from './platform-services.js'

/**
 * The identity tier, on the platform and the connector registry: workspaces and their tokens,
 * members and console sessions, the OAuth provider, management auth, SAML, inbound SCIM
 * directories and people from their sources.
 */
export function createIdentityServices(
  platform: PlatformServices,
  integrations: Pick<IntegrationServices, 'connectors'>,
) {
  const tenancy = createTenancy(platform)
  const signIn = createSignIn(platform, tenancy)
  return {
    ...tenancy,
    ...signIn,
    ...createDirectories(platform),
    ...createPeople(platform, integrations),
  }
}

export type IdentityServices = ReturnType<typeof createIdentityServices>

/** Workspaces, their management tokens and members. */
function createTenancy(platform: PlatformServices) {
  const { store, clock, ids, audit } = platform
  const common = { db: store.db, transact: store.transact, clock, ids, audit }
  return {
    workspaces: createWorkspaceService(common),
    apiTokens: createApiTokenService(common),
    members: createMemberService(common),
  }
}

type Tenancy = ReturnType<typeof createTenancy>

/** Console sessions, the OAuth provider, management auth (tokens, OAuth, session) and SAML. */
function createSignIn(platform: PlatformServices, tenancy: Tenancy) {
  const { config, store, clock, ids, audit, log, secretBox, secretKey } = platform
  const { workspaces, members } = tenancy
  const sessionCookie = createSessionCookie({
    secure: config.server.publicUrl.startsWith('https:'),
  })
  const csrfKey = deriveKey(secretKey, 'console-csrf')
  const sessions = createConsoleSessionService({ db: store.db, clock, ids, members, csrfKey })
  const oauth = createOAuthServices(
    {
      issuer: config.server.publicUrl,
      trustProxy: config.server.trustProxy,
      cookieKey: deriveKey(secretKey, 'oauth-cookies'),
    },
    {
      ...{ db: store.db, transact: store.transact, clock, ids, audit, log, secretBox },
      ...{ workspaces, members, sessions, cookie: sessionCookie },
    },
  )
  const managementAuth = createManagementAuth({
    apiTokens: tenancy.apiTokens,
    workspaces,
    authenticators: [
      oauth.tokenAuthenticator,
      createSessionAuthenticator({ sessions, cookie: sessionCookie }),
    ],
  })
  const saml = createSamlService(
    { publicUrl: config.server.publicUrl },
    {
      ...{ db: store.db, transact: store.transact, clock, ids, audit, log },
      ...{ members, sessions, workspaces },
    },
  )
  return { sessionCookie, sessions, oauth, managementAuth, saml }
}

/** Inbound SCIM directories: their management and the SCIM resources they hold. */
function createDirectories(platform: PlatformServices) {
  const { store, clock, ids, audit, events, log } = platform
  return {
    directories: createDirectoryService({
      ...{ db: store.db, transact: store.transact, clock, ids, audit, events },
    }),
    scim: createScimService({
      ...{ db: store.db, transact: store.transact, dialect: store.dialect },
      ...{ clock, ids, audit, events, log },
    }),
  }
}

/** People from their sources (Okta, SCIM directories, CSV), syncs and the people's workers. */
function createPeople(
  platform: PlatformServices,
  integrations: Pick<IntegrationServices, 'connectors'>,
) {
  const { store, clock, ids, audit, events, secretBox, log } = platform
  const people = createPeopleDomain({
    ...{ db: store.db, dialect: store.dialect, transact: store.transact },
    ...{ clock, ids, audit, events, secretBox, log },
    connectors: integrations.connectors,
    directories: createDirectoryReader(),
  })
  return {
    people: people.people,
    sources: people.sources,
    sync: people.sync,
    /** The SCIM-event follower and the sync scheduler (workers.ts runs them in the server). */
    peopleWorkers: people.background,
  }
}
