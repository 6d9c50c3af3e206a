import { randomBytes } from 'node:crypto'
import type { Db } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'

export type SamlRequestKind = 'authn' | 'logout'

export type StoredRequest = {
  id: string
  workspaceId: string
  kind: SamlRequestKind
  returnTo: string
}

export type SamlRequestDeps = { db: Db; clock: Clock; ttlMs?: number }

/** An AuthnRequest is answered within minutes; a stale one is no longer expected. */
export const REQUEST_TTL_MS = 10 * 60 * 1000

/**
 * The AuthnRequest and LogoutRequest ids the hub issued. A response's InResponseTo must name one
 * of them (SAML profiles §4.1.4.2), and it names the workspace: the workspace of a response is
 * never taken from RelayState or from anything else the sender chose. Each id is used once.
 */
export function createSamlRequestStore(deps: SamlRequestDeps) {
  const { db, clock } = deps
  const ttlMs = deps.ttlMs ?? REQUEST_TTL_MS

  return {
    /** A fresh id (xs:ID is an NCName, so it starts with a letter or underscore; core §1.3.4). */
    newId(): string {
      return `_${randomBytes(20).toString('hex')}`
    },

    async save(request: StoredRequest): Promise<void> {
      const now = clock.now()
      await db
        .insertInto('saml_requests')
        .values({
          id: request.id,
          workspace_id: request.workspaceId,
          kind: request.kind,
          return_to: request.returnTo,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + ttlMs).toISOString(),
        })
        .execute()
    },

    /**
     * Takes a live request of this kind out of the store, or undefined. The DELETE decides: of two
     * responses racing with the same InResponseTo, only one removes the row.
     */
    async consume(id: string, kind: SamlRequestKind): Promise<StoredRequest | undefined> {
      const row = await db
        .selectFrom('saml_requests')
        .selectAll()
        .where('id', '=', id)
        .where('kind', '=', kind)
        .executeTakeFirst()
      if (!row) return undefined
      const deleted = await db.deleteFrom('saml_requests').where('id', '=', id).executeTakeFirst()
      if (Number(deleted.numDeletedRows) !== 1) return undefined
      if (row.expires_at <= clock.now().toISOString()) return undefined
      return { id: row.id, workspaceId: row.workspace_id, kind, returnTo: row.return_to }
    },

    async purgeExpired(): Promise<void> {
      await db
        .deleteFrom('saml_requests')
        .where('expires_at', '<=', clock.now().toISOString())
        .execute()
    },
  }
}

export type SamlRequestStore = ReturnType<typeof createSamlRequestStore>
