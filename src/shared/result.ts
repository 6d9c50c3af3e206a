/**
 * Expected outcomes are values, not exceptions (STYLE §4.4): parsers, the PATCH engine and
 * connector calls return a Result and the edge decides the status code.
 */
export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E }

export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value }
}

export function err<E>(error: E): { readonly ok: false; readonly error: E } {
  return { ok: false, error }
}

/** Unwraps a result whose failure is a bug (tests, invariants); throws the error otherwise. */
export function unwrap<T, E>(result: Result<T, E>): T {
  if (result.ok) return result.value
  const error = result.error
  throw error instanceof Error
    ? error
    : new Error(`unwrap of a failed result: ${JSON.stringify(error)}`)
}
