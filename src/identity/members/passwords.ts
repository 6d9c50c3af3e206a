import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto'

/**
 * Password hashing with node:crypto's scrypt (RFC 7914), the parameters of the OWASP Password
 * Storage Cheat Sheet (N=2^17, r=8, p=1), a random 128-bit salt per password and a constant-time
 * comparison. The stored form carries its parameters, `scrypt$N$r$p$salt$hash`, so they can be
 * raised later without invalidating existing hashes.
 */
export type ScryptParams = { N: number; r: number; p: number }

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }

const KEY_BYTES = 64
const SALT_BYTES = 16
/** Passwords are bounded so that hashing cost cannot be driven up by the caller. */
export const PASSWORD_MAX_LENGTH = 1024
export const PASSWORD_MIN_LENGTH = 12

export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, params)
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$')
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored)
  if (!parsed || password.length > PASSWORD_MAX_LENGTH) return false
  const key = await derive(password, parsed.salt, parsed.params)
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key)
}

/**
 * A well-formed hash of no password: verifying against it costs what a real check costs, so an
 * unknown email answers as slowly as a wrong password (no account enumeration by timing).
 */
export const DECOY_HASH =
  'scrypt$131072$8$1$3t7e3t7e3t7e3t7e3t7e3g$' +
  'ZGVjb3k6IG5vIHBhc3N3b3JkIGhhc2hlcyB0byB0aGlzIHZhbHVlOyB2ZXJpZnlpbmcgY29zdHMgdGhlIHNhbWU'

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is below OWASP's parameters.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

function parseHash(
  stored: string,
): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const [scheme, n, r, p, salt, key] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !key) return undefined
  const params = { N: Number(n), r: Number(r), p: Number(p) }
  const sane =
    Number.isInteger(params.N) &&
    params.N >= 2 ** 14 &&
    params.N <= 2 ** 20 &&
    Number.isInteger(params.r) &&
    params.r >= 1 &&
    params.r <= 32 &&
    Number.isInteger(params.p) &&
    params.p >= 1 &&
    params.p <= 16
  if (!sane) return undefined
  return { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') }
}
