import type { AuditLog } from '../../platform/audit/index.js'
import { editionIncludes } from '../../platform/auth/index.js'
import type { Db, Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { IdGenerator } from '../../shared/ids.js'
import type { Logger } from '../../shared/logger.js'
import type {
  ConsoleSessionService,
  MemberService,
  PasswordSignInPolicy,
} from '../members/index.js'
import { type WorkspaceService, workspaceErrors } from '../workspace/index.js'
import { type AcsDeps, consumeResponse } from './acs.js'
import { emailDomain } from './domains.js'
import { createReplayCache } from './replay-cache-store.js'
import { createSamlConnectionStore, DEFAULT_SETTINGS } from './saml-connections.js'
import { samlErrors } from './saml-errors.js'
import {
  handleLogoutMessage,
  type LogoutDeps,
  type LogoutMessage,
  startLogout,
} from './saml-logout.js'
import { createSamlRequestStore } from './saml-request-store.js'
import { samlFor } from './saml-validation.js'
import { spEndpoints, spMetadataXml } from './sp-metadata.js'

export type SamlServiceDeps = {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
  log: Logger
  members: Pick<MemberService, 'findByEmail' | 'create'>
  sessions: Pick<ConsoleSessionService, 'start' | 'resume' | 'end' | 'endByIds'>
  workspaces: Pick<WorkspaceService, 'findById'>
}

export type SamlSettingsSlice = {
  /** Base URL of the hub: SP entity IDs, ACS and SLO URLs start with it. */
  publicUrl: string
  /** Clock skew tolerated on NotBefore/NotOnOrAfter (SAML profiles §4.1.4.3 leaves it to the SP). */
  clockSkewMs?: number
}

/** Three minutes, as Shibboleth and most SPs allow. */
export const DEFAULT_CLOCK_SKEW_MS = 3 * 60 * 1000

/**
 * The SAML service provider of every workspace: connections (one IdP per workspace), SP-initiated
 * and IdP-initiated sign-in, single logout, the SSO check for an email, and the password sign-in
 * policy that enforce mode imposes on the members domain.
 */
export function createSamlService(settings: SamlSettingsSlice, deps: SamlServiceDeps) {
  const clockSkewMs = settings.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS
  const connections = createSamlConnectionStore(deps)
  const requests = createSamlRequestStore(deps)
  const replay = createReplayCache(deps)
  const shared = { publicUrl: settings.publicUrl, clockSkewMs, connections, requests }
  const acsDeps: AcsDeps = { ...deps, ...shared, replay }
  const logoutDeps: LogoutDeps = { ...deps, ...shared }

  async function requireSamlWorkspace(workspaceId: string) {
    const workspace = await deps.workspaces.findById(workspaceId)
    if (!workspace) throw workspaceErrors.error('WORKSPACE_NOT_FOUND')
    if (!editionIncludes(workspace.edition, 'saml')) {
      throw workspaceErrors.error(
        'PLAN_REQUIRED',
        'SAML single sign-on requires the enterprise plan.',
      )
    }
    return workspace
  }

  const passwordPolicy: PasswordSignInPolicy = async ({ workspaceId, email }) => {
    const domain = emailDomain(email)
    const claim = domain ? await connections.findByDomain(domain) : undefined
    if (!claim?.enforced || claim.workspaceId !== workspaceId) return { allowed: true }
    return { allowed: false, ssoUrl: `/saml/authorize/${encodeURIComponent(workspaceId)}` }
  }

  return {
    connections,
    passwordPolicy,
    endpoints: (workspaceId: string) => spEndpoints(settings.publicUrl, workspaceId),

    async metadata(workspaceId: string): Promise<string> {
      await requireSamlWorkspace(workspaceId)
      const connection = await connections.findByWorkspace(workspaceId)
      const format = connection?.settings.nameIdFormat ?? DEFAULT_SETTINGS.nameIdFormat
      return spMetadataXml(spEndpoints(settings.publicUrl, workspaceId), format)
    },

    /**
     * Starts SP-initiated sign-in: stores a fresh AuthnRequest id for the workspace and returns
     * where the browser goes (HTTP-Redirect) or the auto-posting form (HTTP-POST).
     */
    async authorize(
      workspaceId: string,
      returnTo: string,
    ): Promise<{ redirect: string } | { form: string }> {
      await requireSamlWorkspace(workspaceId)
      const connection = await connections.findByWorkspace(workspaceId)
      if (!connection) throw samlErrors.error('SAML_NOT_CONFIGURED')
      const id = requests.newId()
      await requests.save({ id, workspaceId, kind: 'authn', returnTo })
      const saml = samlFor(
        connection,
        spEndpoints(settings.publicUrl, workspaceId),
        clockSkewMs,
        id,
      )
      if (connection.idp.ssoBinding === 'post')
        return { form: await saml.getAuthorizeFormAsync('') }
      return { redirect: await saml.getAuthorizeUrlAsync('', undefined, {}) }
    },

    consumeResponse: (input: { samlResponse: string; relayState: string | undefined }) =>
      consumeResponse(acsDeps, input),
    startLogout: (input: { token: string | undefined; workspaceId: string }) =>
      startLogout(logoutDeps, input),
    handleLogoutMessage: (message: LogoutMessage) => handleLogoutMessage(logoutDeps, message),

    /** Home-realm discovery: whether an email's domain signs in through a workspace's IdP. */
    async check(email: string) {
      const domain = emailDomain(email)
      if (!domain) throw samlErrors.error('SAML_EMAIL_INVALID')
      const claim = await connections.findByDomain(domain)
      if (!claim) return { domain, sso: false, enforced: false }
      return {
        domain,
        sso: true,
        enforced: claim.enforced,
        workspaceId: claim.workspaceId,
        authorizeUrl: `${settings.publicUrl}/saml/authorize/${encodeURIComponent(claim.workspaceId)}`,
      }
    },

    async purgeExpired(): Promise<void> {
      await requests.purgeExpired()
      await replay.purgeExpired()
    },
  }
}

export type SamlService = ReturnType<typeof createSamlService>
