import type { Db } from '../../platform/store/index.js'
import { err, ok, type Result } from '../../shared/result.js'
import type {
  ConsoleSession,
  ConsoleSessionService,
  Member,
  MemberService,
} from '../members/index.js'
import { emailDomain } from './domains.js'
import type { SamlConnection } from './saml-connections.js'
import { samlStore } from './saml-store.js'
import type { VerifiedAssertion } from './saml-validation.js'

export type SamlLoginDeps = {
  db: Db
  members: Pick<MemberService, 'findByEmail' | 'create'>
  sessions: Pick<ConsoleSessionService, 'start'>
}

export type SamlLogin = { token: string; session: ConsoleSession; created: boolean }

/**
 * Turns a verified assertion into a console session: the mapped email names a member of the
 * connection's workspace (and only that workspace); without one, just-in-time provisioning may
 * create a `member` for an email of an allowed domain. The IdP session (NameID, SessionIndex) is
 * recorded beside the console session for single logout.
 */
export async function signInWithAssertion(
  deps: SamlLoginDeps,
  connection: SamlConnection,
  assertion: VerifiedAssertion,
): Promise<Result<SamlLogin, string>> {
  const identity = mapIdentity(connection, assertion)
  if (!identity.ok) return identity
  const found = await findOrProvision(deps, connection, identity.value)
  if (!found.ok) return found
  const { token, session } = await deps.sessions.start(found.value.member)
  await samlStore(deps.db).insertSessionLink({
    console_session_id: session.id,
    workspace_id: connection.workspaceId,
    name_id: assertion.nameId,
    name_id_format: assertion.nameIdFormat,
    session_index: assertion.sessionIndex,
  })
  return ok({ token, session, created: found.value.created })
}

type Identity = { email: string; domain: string; displayName: string | undefined }

function mapIdentity(
  connection: SamlConnection,
  assertion: VerifiedAssertion,
): Result<Identity, string> {
  const { emailAttribute, displayNameAttribute } = connection.settings
  const email = emailAttribute ? assertion.attributes[emailAttribute]?.[0] : assertion.nameId
  const domain = email ? emailDomain(email) : undefined
  if (!email || !domain || email.length > 254 || /\s/.test(email)) {
    return err('the mapped email is missing or not an email address')
  }
  const displayName = displayNameAttribute
    ? assertion.attributes[displayNameAttribute]?.[0]?.slice(0, 200)
    : undefined
  return ok({ email, domain, displayName })
}

async function findOrProvision(
  deps: SamlLoginDeps,
  connection: SamlConnection,
  identity: Identity,
): Promise<Result<{ member: Member; created: boolean }, string>> {
  const member = await deps.members.findByEmail(connection.workspaceId, identity.email)
  if (member) return ok({ member, created: false })
  if (!connection.settings.jitProvisioning) return err('no such member; JIT provisioning is off')
  if (!connection.allowedDomains.includes(identity.domain)) {
    return err('no such member, and the email domain is not an allowed domain')
  }
  const created = await deps.members.create(
    {
      workspaceId: connection.workspaceId,
      email: identity.email,
      role: 'member',
      ...(identity.displayName ? { displayName: identity.displayName } : {}),
    },
    { type: 'system', id: `saml:${connection.id}` },
  )
  return ok({ member: created, created: true })
}
