import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Db } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import { hashToken, issueToken } from '../../shared/crypto/tokens.js'
import type { IdGenerator } from '../../shared/ids.js'
import { consoleSessionStore } from './console-session-store.js'
import type { Member, MemberService } from './members.js'

/** A signed-in member's console session, once its cookie has been checked. */
export type ConsoleSession = {
  readonly id: string
  readonly member: Member
  /** When the member signed in: the `auth_time` of what they authorise in this session. */
  readonly createdAt: string
  readonly expiresAt: string
}

export type ConsoleSessionsDeps = {
  db: Db
  clock: Clock
  ids: IdGenerator
  members: Pick<MemberService, 'findById'>
  /** Key of the CSRF token MAC; derived from the instance's secret key. */
  csrfKey: string
  ttlMs?: number
}

const TOKEN_PREFIX = 'rc_sess'
/** Sessions end eight hours after sign-in, whatever happens in between. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000

/**
 * Console sessions: a random cookie value stored only as its SHA-256, and a CSRF token that is an
 * HMAC of the cookie value (OWASP's HMAC-based synchronizer token), so it needs no storage and is
 * worthless without the HttpOnly cookie it belongs to.
 */
export function createConsoleSessionService(deps: ConsoleSessionsDeps) {
  const { clock, ids, members } = deps
  const store = consoleSessionStore(deps.db)
  const ttlMs = deps.ttlMs ?? SESSION_TTL_MS
  const csrfTokenFor = (token: string) =>
    createHmac('sha256', deps.csrfKey).update(`csrf:${token}`).digest('base64url')

  return {
    ttlSeconds: Math.floor(ttlMs / 1000),
    csrfTokenFor,

    async start(member: Member): Promise<{ token: string; session: ConsoleSession }> {
      const issued = issueToken(TOKEN_PREFIX)
      const now = clock.now()
      const session = {
        id: ids.next(),
        member,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
      }
      await store.deleteExpiredOf(member.id, now.toISOString())
      await store.insert({
        id: session.id,
        workspace_id: member.workspaceId,
        member_id: member.id,
        token_hash: issued.hash,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
      })
      return { token: issued.token, session }
    },

    /** The live session a cookie value belongs to, or undefined (unknown, expired, member gone). */
    async resume(token: string): Promise<ConsoleSession | undefined> {
      if (!token.startsWith(`${TOKEN_PREFIX}_`)) return undefined
      const row = await store.findByTokenHash(hashToken(token))
      if (!row || Date.parse(row.expires_at) <= clock.now().getTime()) return undefined
      const member = await members.findById(row.member_id)
      if (!member || member.workspaceId !== row.workspace_id) return undefined
      return { id: row.id, member, createdAt: row.created_at, expiresAt: row.expires_at }
    },

    async end(token: string): Promise<void> {
      await store.deleteByTokenHash(hashToken(token))
    },

    /**
     * Ends the sessions with these ids (SAML single logout names them through its IdP session
     * links); ids of sessions already gone are ignored.
     */
    async endByIds(sessionIds: readonly string[]): Promise<void> {
      await store.deleteByIds(sessionIds)
    },

    /** Ends every session of a member (offboarding); returns how many there were. */
    endAllOf(memberId: string): Promise<number> {
      return store.deleteAllOf(memberId)
    },

    /** Compares a presented CSRF token with the session's, in constant time. */
    isCsrfValid(token: string, presented: string | undefined): boolean {
      if (!presented) return false
      const expected = Buffer.from(csrfTokenFor(token))
      const actual = Buffer.from(presented)
      return expected.length === actual.length && timingSafeEqual(expected, actual)
    },
  }
}

export type ConsoleSessionService = ReturnType<typeof createConsoleSessionService>
