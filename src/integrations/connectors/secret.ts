import { inspect } from 'node:util'
import type { SecretBox } from '../../shared/crypto/secret-box.js'

const REDACTED = '[redacted]'

/**
 * A credential that refuses to be printed. `JSON.stringify`, string templates, `util.inspect`
 * and pino all see `[redacted]`; only `reveal()` gives the value, and only the authenticate hook
 * of a connection calls it. A sealed secret (`Secret.sealed`) is decrypted on each reveal, so the
 * plain text exists only for the lifetime of one request (DESIGN: secrets never in logs).
 */
export class Secret {
  readonly #reveal: () => string

  private constructor(reveal: () => string) {
    this.#reveal = reveal
  }

  /** Wraps a value that is already plain (tests, a token just issued by an OAuth server). */
  static of(value: string): Secret {
    return new Secret(() => value)
  }

  /** A secret stored encrypted at rest; decrypted with the box on every reveal. */
  static sealed(box: SecretBox, sealed: string, associatedData?: string): Secret {
    return new Secret(() => box.open(sealed, associatedData))
  }

  /** The plain value. Call it where the header is built, and nowhere else. */
  reveal(): string {
    return this.#reveal()
  }

  toJSON(): string {
    return REDACTED
  }

  toString(): string {
    return REDACTED
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`
  }
}
