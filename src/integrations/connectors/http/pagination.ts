import { z } from 'zod'
import { err, ok, type Result } from '../../../shared/result.js'
import type { Page } from '../connector.js'
import { CONNECTOR_ERROR_CODES, ConnectorError } from '../connector-errors.js'

/**
 * Pagination for the three styles the catalog names: offset (SCIM `startIndex`/`count`),
 * cursor/next token, and `Link: <...>; rel="next"` (RFC 8288; Okta). Whatever the style, the
 * caller sees one opaque cursor string: base64url JSON with a version, so it survives in a
 * checkpoint and a killed listing resumes from it.
 */
const cursorSchema = z.discriminatedUnion('kind', [
  z.object({ v: z.literal(1), kind: z.literal('offset'), startIndex: z.number().int().min(1) }),
  z.object({ v: z.literal(1), kind: z.literal('token'), token: z.string().min(1) }),
  z.object({ v: z.literal(1), kind: z.literal('link'), url: z.url() }),
])

export type CursorState = z.infer<typeof cursorSchema>

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string): Result<CursorState, ConnectorError> {
  try {
    const json: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    const parsed = cursorSchema.safeParse(json)
    if (parsed.success) return ok(parsed.data)
  } catch {
    // Not base64url JSON at all: reported below like any other foreign cursor.
  }
  return err(badCursor())
}

function badCursor(): ConnectorError {
  return new ConnectorError({
    class: 'invalid',
    code: CONNECTOR_ERROR_CODES.badCursor,
    message: 'The listing cursor is not one this connector issued',
  })
}

function decodeKind<K extends CursorState['kind']>(
  cursor: string,
  kind: K,
): Result<Extract<CursorState, { kind: K }>, ConnectorError> {
  const decoded = decodeCursor(cursor)
  if (!decoded.ok) return decoded
  const state = decoded.value
  return state.kind === kind ? ok(state as Extract<CursorState, { kind: K }>) : err(badCursor())
}

/** The 1-based startIndex to request (RFC 7644 §3.4.2.4: the first result is 1). */
export function offsetStart(cursor: string | undefined): Result<number, ConnectorError> {
  if (cursor === undefined) return ok(1)
  const state = decodeKind(cursor, 'offset')
  return state.ok ? ok(state.value.startIndex) : state
}

/**
 * The cursor after an offset page, or undefined at the end. It advances by what was received,
 * not by what was asked: apps with undocumented page sizes (Sana) may cap `count` silently, and
 * advancing by the request would skip accounts.
 */
export function nextOffsetCursor(page: {
  startIndex: number
  received: number
  totalResults?: number
}): string | undefined {
  if (page.received <= 0) return undefined
  const next = page.startIndex + page.received
  if (page.totalResults !== undefined && next > page.totalResults) return undefined
  return encodeCursor({ v: 1, kind: 'offset', startIndex: next })
}

/** The app's next-page token to send, or undefined for the first page. */
export function tokenStart(cursor: string | undefined): Result<string | undefined, ConnectorError> {
  if (cursor === undefined) return ok(undefined)
  const state = decodeKind(cursor, 'token')
  return state.ok ? ok(state.value.token) : state
}

export function nextTokenCursor(token: string | null | undefined): string | undefined {
  return token ? encodeCursor({ v: 1, kind: 'token', token }) : undefined
}

export type LinkValue = { url: string; rels: string[] }

/** Parses an RFC 8288 `Link` field: `<url>; rel="next", <url>; rel="prev last"`. */
export function parseLinkHeader(field: string | null): LinkValue[] {
  if (!field) return []
  const links: LinkValue[] = []
  for (const match of field.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const url = match[1] ?? ''
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2] ?? '')
    const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/).filter(Boolean)
    links.push({ url, rels })
  }
  return links
}

/**
 * The cursor for the `rel="next"` link, resolved against the request URL. A next link to another
 * origin is refused: following it would send the connection's credentials to a stranger.
 */
export function nextLinkCursor(
  headers: Headers,
  requestUrl: string,
): Result<string | undefined, ConnectorError> {
  const next = parseLinkHeader(headers.get('link')).find((link) => link.rels.includes('next'))
  if (!next) return ok(undefined)
  const resolved = sameOrigin(next.url, requestUrl)
  return resolved.ok ? ok(encodeCursor({ v: 1, kind: 'link', url: resolved.value })) : resolved
}

/** The URL to fetch: the first page's URL, or the one a link cursor carries (same origin only). */
export function linkStart(
  cursor: string | undefined,
  firstUrl: string,
): Result<string, ConnectorError> {
  if (cursor === undefined) return ok(firstUrl)
  const state = decodeKind(cursor, 'link')
  return state.ok ? sameOrigin(state.value.url, firstUrl) : state
}

function sameOrigin(candidate: string, base: string): Result<string, ConnectorError> {
  try {
    const resolved = new URL(candidate, base)
    if (resolved.origin === new URL(base).origin) return ok(resolved.toString())
  } catch {
    // An unparsable link is treated like a foreign one.
  }
  return err(
    new ConnectorError({
      class: 'permanent',
      code: CONNECTOR_ERROR_CODES.badResponse,
      message: 'The app sent a next-page link to another origin; refusing to follow it',
      detail: candidate.slice(0, 200),
    }),
  )
}

/**
 * Walks a listing page by page, from `cursor` (a checkpoint) to the end. It stops at the first
 * error, which it yields, and after `maxPages` as a guard against an app that ignores paging.
 */
export async function* iteratePages<T>(
  list: (cursor: string | undefined) => Promise<Result<Page<T>, ConnectorError>>,
  options: { cursor?: string; maxPages?: number } = {},
): AsyncGenerator<Result<Page<T>, ConnectorError>> {
  let cursor = options.cursor
  const seen = new Set<string>()
  for (let page = 0; page < (options.maxPages ?? 100_000); page++) {
    const result = await list(cursor)
    yield result
    if (!result.ok || result.value.nextCursor === undefined) return
    // A cursor that comes back twice would loop forever; ending quietly would look complete.
    if (seen.has(result.value.nextCursor)) {
      yield err(repeatedCursor())
      return
    }
    seen.add(result.value.nextCursor)
    cursor = result.value.nextCursor
  }
}

function repeatedCursor(): ConnectorError {
  return new ConnectorError({
    class: 'permanent',
    code: CONNECTOR_ERROR_CODES.badResponse,
    message: 'The app returned the same next-page cursor twice; the listing cannot finish',
  })
}
