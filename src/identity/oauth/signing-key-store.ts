import type { Db, NewRow } from '../../platform/store/index.js'

/** Stores a sealed signing key unless one with its id exists: of two racing inserts, one wins. */
export async function insertSigningKeyIfAbsent(
  db: Db,
  row: NewRow<'oauth_signing_keys'>,
): Promise<void> {
  await db
    .insertInto('oauth_signing_keys')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
}

/** The sealed JWK of a signing key, or undefined. */
export async function findSealedSigningKey(db: Db, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('oauth_signing_keys')
    .select('sealed_jwk')
    .where('id', '=', id)
    .executeTakeFirst()
  return row?.sealed_jwk
}
