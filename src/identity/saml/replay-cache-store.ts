import { type Db, isUniqueViolation } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'

export type ReplayCacheDeps = { db: Db; clock: Clock }

/**
 * Assertion ids already used, per IdP, kept until the assertion's NotOnOrAfter (SAML profiles
 * §4.1.4.5: the SP MUST ensure a bearer assertion is not used more than once within its
 * validity window). The primary key decides: a second insert of the same id fails even when two
 * copies arrive at the same instant.
 */
export function createReplayCache(deps: ReplayCacheDeps) {
  const { db, clock } = deps
  return {
    /** True when the id was new and is now recorded; false when it was seen before. */
    async remember(input: {
      idpEntityId: string
      assertionId: string
      workspaceId: string
      expiresAt: Date
    }): Promise<boolean> {
      try {
        await db
          .insertInto('saml_assertion_ids')
          .values({
            idp_entity_id: input.idpEntityId,
            assertion_id: input.assertionId,
            workspace_id: input.workspaceId,
            expires_at: input.expiresAt.toISOString(),
          })
          .execute()
        return true
      } catch (error) {
        if (isUniqueViolation(error)) return false
        throw error
      }
    },

    async purgeExpired(): Promise<void> {
      await db
        .deleteFrom('saml_assertion_ids')
        .where('expires_at', '<=', clock.now().toISOString())
        .execute()
    },
  }
}

export type ReplayCache = ReturnType<typeof createReplayCache>
