import type { Actor, AuditLog } from '../../platform/audit/index.js'
import type { EventLog } from '../../platform/events/index.js'
import type { Db, Transact } from '../../platform/store/index.js'

/** The powers revocation needs, declared here and implemented by members/ and oauth/. */
export type RevocationDeps = {
  readonly db: Db
  readonly transact: Transact
  readonly audit: AuditLog
  readonly events: EventLog
  readonly members: {
    findByEmail(workspaceId: string, email: string): Promise<{ id: string } | undefined>
    removePassword(memberId: string): Promise<boolean>
  }
  readonly sessions: { endAllOf(memberId: string): Promise<number> }
  readonly oauth: { revokeAccount(accountId: string): Promise<number> }
}

export type Revocation = {
  personEmail: string
  /** The hub member with that email in the workspace; null when the person never signed in. */
  memberId: string | null
  consoleSessions: number
  /** OAuth grants, codes, access and refresh tokens and provider sessions removed. */
  oauthArtifacts: number
  passwordRemoved: boolean
}

const SYSTEM: Actor = { type: 'system', id: 'offboarding' }

/**
 * Revokes the hub's own access of a person who leaves (DESIGN: offboarding also revokes
 * Rollcall's sessions and tokens): their console sessions (and the SAML sessions bound to them),
 * every OAuth grant with its tokens, and their password, so neither a live cookie, a refresh
 * token nor a local sign-in outlives the departure. Audited, and raised as an event, even when
 * there was nothing to revoke (the trail then shows it was checked). Safe to repeat.
 */
export async function revokeAccessOf(
  deps: RevocationDeps,
  workspaceId: string,
  personEmail: string,
  actor: Actor = SYSTEM,
): Promise<Revocation> {
  const email = personEmail.trim().toLowerCase()
  const member = await deps.members.findByEmail(workspaceId, email)
  const result: Revocation = {
    personEmail: email,
    memberId: member?.id ?? null,
    consoleSessions: member ? await deps.sessions.endAllOf(member.id) : 0,
    oauthArtifacts: member ? await deps.oauth.revokeAccount(member.id) : 0,
    passwordRemoved: member ? await deps.members.removePassword(member.id) : false,
  }
  await deps.transact(async (trx) => {
    await deps.audit.record(trx, {
      workspaceId,
      actor,
      action: 'access.revoked',
      target: { type: 'member', id: member?.id ?? null },
      after: result,
    })
    await deps.events.append(trx, {
      workspaceId,
      sourceId: null,
      type: 'member.access_revoked',
      subject: { type: 'member', id: member?.id ?? email },
      data: result,
    })
  })
  return result
}
