import { generateKeyPairSync, type JsonWebKey, randomBytes } from 'node:crypto'
import type { Db } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { SecretBox } from '../../shared/crypto/secret-box.js'

export type SigningKeysDeps = { db: Db; clock: Clock; secretBox: SecretBox }

const KEY_ID = 'signing-key-1'
const AAD = 'oauth_signing_keys'

/**
 * The provider's signing key (ID tokens): an RSA key generated on the first start, stored sealed
 * with the secret box, and shared by every process on the database. OpenID Connect Discovery §3
 * requires RS256 among the ID token algorithms, hence RSA.
 */
export async function loadSigningKeys(deps: SigningKeysDeps): Promise<{ keys: JsonWebKey[] }> {
  const existing = await read(deps)
  if (existing) return { keys: [existing] }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    alg: 'RS256',
    use: 'sig',
  }
  // Two processes starting at once: the first insert wins and both read it back.
  await deps.db
    .insertInto('oauth_signing_keys')
    .values({
      id: KEY_ID,
      sealed_jwk: deps.secretBox.seal(JSON.stringify(jwk), AAD),
      created_at: deps.clock.now().toISOString(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  const stored = await read(deps)
  if (!stored) throw new Error('the OAuth signing key could not be stored')
  return { keys: [stored] }
}

async function read(deps: SigningKeysDeps): Promise<JsonWebKey | undefined> {
  const row = await deps.db
    .selectFrom('oauth_signing_keys')
    .select('sealed_jwk')
    .where('id', '=', KEY_ID)
    .executeTakeFirst()
  return row ? (JSON.parse(deps.secretBox.open(row.sealed_jwk, AAD)) as JsonWebKey) : undefined
}
