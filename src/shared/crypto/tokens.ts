import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Bearer tokens are 256 random bits, shown once, and stored only as a SHA-256 hash. A fast hash is
 * right here (unlike for passwords): the input has full entropy, so there is nothing to brute-force,
 * and the hash doubles as the lookup key.
 */
export type IssuedToken = { token: string; hash: string; hint: string }

const TOKEN_BYTES = 32

/** Issues a token such as `rc_scim_3q2…`; the prefix tells a leaked token's kind at a glance. */
export function issueToken(prefix: string): IssuedToken {
  const token = `${prefix}_${randomBytes(TOKEN_BYTES).toString('base64url')}`
  return { token, hash: hashToken(token), hint: token.slice(-4) }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Compares two hex digests without leaking where they differ. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex')
  const right = Buffer.from(b, 'hex')
  return left.length === right.length && timingSafeEqual(left, right)
}

/**
 * A key for one purpose derived from the instance's secret key (HMAC-SHA256 as a PRF, as in
 * HKDF-Expand, RFC 5869 §2.3), so cookie signing and CSRF tokens never share a key with the
 * secret box.
 */
export function deriveKey(secretKey: string, purpose: string): string {
  return createHmac('sha256', secretKey).update(`rollcall:${purpose}`).digest('base64url')
}
