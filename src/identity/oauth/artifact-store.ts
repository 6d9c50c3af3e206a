import { sql } from 'kysely'
import { type Db, decodeJson } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import { hashToken } from '../../shared/crypto/tokens.js'

/** A stored oidc-provider payload: a plain JSON object (see oidc-provider's example adapter). */
export type ArtifactPayload = Record<string, unknown>

export type ArtifactStoreDeps = { db: Db; clock: Clock }

/**
 * oidc-provider's models on the `oauth_artifacts` table, on both dialects. Ids of codes, tokens,
 * sessions and interactions are the bearer values themselves, so rows are keyed by the SHA-256 of
 * the id and the payload never holds it (`jti` is put back on read).
 */
export function createArtifactStore(deps: ArtifactStoreDeps) {
  const { db, clock } = deps
  const now = () => clock.now().toISOString()

  function live(model: string, id: string) {
    return db
      .selectFrom('oauth_artifacts')
      .select(['payload', 'consumed_at'])
      .where('model', '=', model)
      .where('id', '=', hashToken(id))
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now())]))
  }

  return {
    async upsert(model: string, id: string, payload: ArtifactPayload, expiresIn?: number) {
      const row = {
        model,
        id: hashToken(id),
        payload: JSON.stringify(withoutSecrets(model, payload)),
        grant_id: model === 'Grant' ? id : stringOrNull(payload.grantId),
        client_id: stringOrNull(payload.clientId),
        uid: stringOrNull(payload.uid),
        expires_at: expiresIn
          ? new Date(clock.now().getTime() + expiresIn * 1000).toISOString()
          : null,
        consumed_at: null,
      }
      const { consumed_at: _keep, ...changes } = row
      await db
        .insertInto('oauth_artifacts')
        .values(row)
        .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(changes))
        .execute()
    },

    async find(model: string, id: string): Promise<ArtifactPayload | undefined> {
      const row = await live(model, id).executeTakeFirst()
      return row ? toPayload(row, id) : undefined
    },

    async findByUid(model: string, uid: string): Promise<ArtifactPayload | undefined> {
      const row = await db
        .selectFrom('oauth_artifacts')
        .select(['payload', 'consumed_at'])
        .where('model', '=', model)
        .where('uid', '=', uid)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now())]))
        .executeTakeFirst()
      return row ? toPayload(row, undefined) : undefined
    },

    /**
     * Marks an artifact consumed. Atomic: `UPDATE … WHERE consumed_at IS NULL` lets exactly one of
     * any number of concurrent callers through (true); the others, and later ones, get false.
     */
    async consume(model: string, id: string): Promise<boolean> {
      const result = await db
        .updateTable('oauth_artifacts')
        .set({ consumed_at: now() })
        .where('model', '=', model)
        .where('id', '=', hashToken(id))
        .where('consumed_at', 'is', null)
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },

    async grantIdOf(model: string, id: string): Promise<string | undefined> {
      const row = await db
        .selectFrom('oauth_artifacts')
        .select('grant_id')
        .where('model', '=', model)
        .where('id', '=', hashToken(id))
        .executeTakeFirst()
      return row?.grant_id ?? undefined
    },

    async destroy(model: string, id: string): Promise<void> {
      await db
        .deleteFrom('oauth_artifacts')
        .where('model', '=', model)
        .where('id', '=', hashToken(id))
        .execute()
    },

    async revokeByGrantId(model: string, grantId: string): Promise<void> {
      await db
        .deleteFrom('oauth_artifacts')
        .where('model', '=', model)
        .where('grant_id', '=', grantId)
        .execute()
    },

    /** Deletes a grant with every code and token issued under it, whatever their model. */
    async revokeGrant(grantId: string): Promise<void> {
      await db.deleteFrom('oauth_artifacts').where('grant_id', '=', grantId).execute()
    },

    /**
     * Revokes everything of one account (a member): their grants with every code and token
     * issued under them, and their provider sessions. `->>` reads the payload on both dialects
     * (jsonb on PostgreSQL, JSON text on SQLite ≥ 3.38). Returns how many rows went.
     */
    async revokeAccount(accountId: string): Promise<number> {
      const ofAccount = sql<string>`payload ->> 'accountId'`
      const grants = await db
        .selectFrom('oauth_artifacts')
        .select('grant_id')
        .where('model', '=', 'Grant')
        .where(ofAccount, '=', accountId)
        .execute()
      const grantIds = grants.flatMap((g) => (g.grant_id ? [g.grant_id] : []))
      const byGrant =
        grantIds.length === 0
          ? 0
          : Number(
              (
                await db
                  .deleteFrom('oauth_artifacts')
                  .where('grant_id', 'in', grantIds)
                  .executeTakeFirst()
              ).numDeletedRows,
            )
      const rest = await db
        .deleteFrom('oauth_artifacts')
        .where(ofAccount, '=', accountId)
        .executeTakeFirst()
      return byGrant + Number(rest.numDeletedRows)
    },

    /** The live access token (of a user or a connection) a bearer value stands for. */
    async findAccessToken(
      value: string,
    ): Promise<
      { model: 'AccessToken' | 'ClientCredentials'; payload: ArtifactPayload } | undefined
    > {
      for (const model of ['AccessToken', 'ClientCredentials'] as const) {
        const payload = await this.find(model, value)
        if (payload && !isExpired(payload, clock)) return { model, payload }
      }
      return undefined
    },

    async purgeExpired(): Promise<void> {
      await db.deleteFrom('oauth_artifacts').where('expires_at', '<=', now()).execute()
    },
  }
}

export type ArtifactStore = ReturnType<typeof createArtifactStore>

/**
 * What must not be stored in clear: the id (`jti`, the bearer value) and, in an interaction, the
 * id of the browser session it belongs to (oidc-provider writes it but never reads it back).
 */
function withoutSecrets(model: string, payload: ArtifactPayload): ArtifactPayload {
  const { jti: _jti, ...rest } = payload
  if (model === 'Interaction' && typeof rest.session === 'object' && rest.session !== null) {
    const { cookie: _cookie, ...session } = rest.session as Record<string, unknown>
    return { ...rest, session }
  }
  return rest
}

function toPayload(
  row: { payload: unknown; consumed_at: string | null },
  id: string | undefined,
): ArtifactPayload {
  const payload = decodeJson<ArtifactPayload>(row.payload)
  return {
    ...payload,
    ...(id === undefined ? {} : { jti: id }),
    ...(row.consumed_at ? { consumed: Math.floor(Date.parse(row.consumed_at) / 1000) } : {}),
  }
}

function isExpired(payload: ArtifactPayload, clock: Clock): boolean {
  return typeof payload.exp === 'number' && payload.exp * 1000 <= clock.now().getTime()
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}
