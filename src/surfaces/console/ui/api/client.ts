/** A management-API error as the hub sends it: `{"error":{"code","message","details"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>

/** A path with its query; empty values are left out. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const search = params.toString()
  return search ? `${path}?${search}` : path
}

/**
 * The console's client of the hub's own APIs: same origin, the session cookie, and the CSRF
 * token the session gave on every state-changing call (members/session-auth.ts refuses those
 * without it). A 401 tells the session that it ended.
 */
export class ApiClient {
  private csrfToken: string | null = null

  constructor(private readonly onUnauthorized: () => void) {}

  setCsrfToken(token: string | null): void {
    this.csrfToken = token
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', withQuery(path, query))
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body)
  }

  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body)
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path)
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (method !== 'GET' && this.csrfToken) headers['x-csrf-token'] = this.csrfToken
    const response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    if (response.status === 204) return undefined as T
    const payload: unknown = await response.json().catch(() => null)
    if (response.ok) return payload as T
    const error = toApiError(response.status, payload)
    if (response.status === 401 && path !== '/auth/login') this.onUnauthorized()
    throw error
  }
}

function toApiError(status: number, payload: unknown): ApiError {
  const error =
    typeof payload === 'object' && payload !== null && 'error' in payload
      ? (payload as { error: { code?: unknown; message?: unknown; details?: unknown } }).error
      : undefined
  return new ApiError(
    status,
    typeof error?.code === 'string' ? error.code : `HTTP_${status}`,
    typeof error?.message === 'string' ? error.message : `The hub answered ${status}.`,
    error?.details,
  )
}

/** A message to show for anything a call threw. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof TypeError) return 'The hub could not be reached. Is it running?'
  return error instanceof Error ? error.message : String(error)
}
