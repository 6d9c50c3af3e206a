/**
 * Infrastructure failures and bugs stay plain Errors with a `cause` (STYLE §4.4.3). Expected,
 * client-caused outcomes are results or protocol errors (ScimError, management ApiError).
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}

/** Narrows an unknown thrown value to something with a `code` (pg and better-sqlite3 errors). */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code
    return typeof code === 'string' ? code : undefined
  }
  return undefined
}
