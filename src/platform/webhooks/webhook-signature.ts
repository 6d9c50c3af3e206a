import { createHmac, timingSafeEqual } from 'node:crypto'

/** The headers of a delivery that carry its signature (Stripe's scheme, our names). */
export const SIGNATURE_HEADER = 'rollcall-signature'
export const TIMESTAMP_HEADER = 'rollcall-timestamp'

/**
 * The signature of a delivery: HMAC-SHA256, keyed with the subscription's secret, over
 * `<timestamp>.<body>` (the Unix time in seconds, a dot, the exact body bytes), hex-encoded. The
 * timestamp is signed so a captured delivery cannot be replayed later than the receiver's
 * tolerance; it travels in `Rollcall-Timestamp` and again in the signature header as
 * `t=<timestamp>,v1=<hex>` (Stripe's layout, so existing verifiers adapt in one line).
 */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signPayload(secret, timestamp, body)}`
}

export type VerifyOptions = {
  /** Seconds a delivery may be old (or early) before it is refused; default 300. */
  readonly toleranceSeconds?: number
  readonly now?: Date
}

/**
 * What a receiver runs: parses the signature header, checks the timestamp is within the
 * tolerance and compares every `v1` signature in constant time (several appear while a secret
 * is being rotated).
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  options: VerifyOptions = {},
): boolean {
  if (!header) return false
  const parts = header.split(',').map((part) => part.trim().split('='))
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1])
  if (!Number.isSafeInteger(timestamp)) return false
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000)
  if (Math.abs(nowSeconds - timestamp) > (options.toleranceSeconds ?? 300)) return false
  const expected = Buffer.from(signPayload(secret, timestamp, body), 'hex')
  return parts
    .filter(([key, value]) => key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value))
    .some(([, value]) => timingSafeEqual(Buffer.from(value ?? '', 'hex'), expected))
}
