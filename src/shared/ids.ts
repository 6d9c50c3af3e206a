import { randomFillSync } from 'node:crypto'

/** Generates identifiers; injected so tests can make them predictable. */
export interface IdGenerator {
  /** A new identifier, unique and roughly ordered by creation time. */
  next(): string
}

/**
 * UUID version 7 (RFC 9562 §5.7): 48 bits of Unix milliseconds then random bits, so ids sort by
 * creation time. That keeps primary-key b-trees append-mostly and gives lists a stable default order.
 */
export function uuidv7(nowMs: number = Date.now()): string {
  const bytes = randomBytes16()
  bytes.writeUIntBE(nowMs, 0, 6)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

// Entropy is drawn in 4 KiB batches, as node's own randomUUID does: one syscall per 256 ids.
const entropy = Buffer.allocUnsafe(4096)
let entropyOffset = entropy.length

function randomBytes16(): Buffer {
  if (entropyOffset + 16 > entropy.length) {
    randomFillSync(entropy)
    entropyOffset = 0
  }
  const bytes = Buffer.from(entropy.subarray(entropyOffset, entropyOffset + 16))
  entropyOffset += 16
  return bytes
}

export const uuidGenerator: IdGenerator = { next: () => uuidv7() }

/** Predictable ids for tests: `prefix-0001`, `prefix-0002`, ... */
export function sequentialIds(prefix = 'id'): IdGenerator {
  let n = 0
  return { next: () => `${prefix}-${String(++n).padStart(4, '0')}` }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value)
}
