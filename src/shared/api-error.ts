/**
 * A management-API error a client can act on: an HTTP status, a stable UPPER_SNAKE code from the
 * domain's catalog, and a message safe to show. Serialized as `{"error":{"code","message"}}`
 * (DESIGN.md, management API errors).
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 429,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  toJSON(): { error: { code: string; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details ? { details: this.details } : {}),
      },
    }
  }
}

/** One entry of a domain's error catalog; `npm run docs` lists them all in docs/errors.md. */
export type ErrorCatalogEntry = {
  readonly status: ApiError['status']
  readonly message: string
}

/** Builds a domain's catalog and a factory that creates its errors by code. */
export function defineErrorCodes<const T extends Record<string, ErrorCatalogEntry>>(catalog: T) {
  return {
    catalog,
    error(code: keyof T & string, message?: string, details?: unknown): ApiError {
      const entry = catalog[code] as ErrorCatalogEntry
      return new ApiError(entry.status, code, message ?? entry.message, details)
    },
  }
}
