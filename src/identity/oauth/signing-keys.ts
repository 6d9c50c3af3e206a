import { generateKeyPairSync, type JsonWebKey, randomBytes } from 'node:crypto'
import type { Db } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import type { SecretBox } from '../../shared/crypto/secret-box.js'
import { findSealedSigningKey, insertSigningKeyIfAbsent } from './signing-key-store.js'

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
  await insertSigningKeyIfAbsent(deps.db, {
    id: KEY_ID,
    sealed_jwk: deps.secretBox.seal(JSON.stringify(jwk), AAD),
    created_at: deps.clock.now().toISOString(),
  })
  const stored = await read(deps)
  if (!stored) throw new Error('the OAuth signing key could not be stored')
  return { keys: [stored] }
}

async function read(deps: SigningKeysDeps): Promise<JsonWebKey | undefined> {
  const sealed = await findSealedSigningKey(deps.db, KEY_ID)
  return sealed ? (JSON.parse(deps.secretBox.open(sealed, AAD)) as JsonWebKey) : undefined
}
