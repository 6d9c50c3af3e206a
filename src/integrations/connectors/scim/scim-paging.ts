import { z } from 'zod'
import { findKey, isRecord } from '../../../shared/json.js'
import { err, ok, type Result } from '../../../shared/result.js'
import { CONNECTOR_ERROR_CODES, ConnectorError } from '../connector-errors.js'
import { badResponse } from './scim-http.js'

/**
 * Defensive offset paging (RFC 7644 §3.4.2.4). An app may cap `count` silently (Sana documents
 * no page size), so the first page tells the real page size; after that, a page that brings
 * fewer resources than the rest of the list allows, or none at all, is an error to retry,
 * never the end of the list. Only `totalResults` (or, when an app omits it, an empty page)
 * ends a listing. The cursor carries the page size learned, so a resumed listing keeps checking.
 */
const cursorSchema = z
  .object({
    v: z.literal(1),
    kind: z.literal('scim'),
    startIndex: z.number().int().min(1),
    pageSize: z.number().int().min(1),
  })
  .strict()

type CursorState = z.infer<typeof cursorSchema>

export type PageRequest = {
  readonly startIndex: number
  readonly count: number
  /** The app's real page size, once a first page showed it. */
  readonly pageSize?: number
}

export function pageRequest(
  cursor: string | undefined,
  count: number,
): Result<PageRequest, ConnectorError> {
  if (cursor === undefined) return ok({ startIndex: 1, count })
  try {
    const json: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    const state = cursorSchema.safeParse(json)
    if (state.success)
      return ok({ startIndex: state.data.startIndex, count, pageSize: state.data.pageSize })
  } catch {
    // Not ours; reported below.
  }
  return err(
    new ConnectorError({
      class: 'invalid',
      code: CONNECTOR_ERROR_CODES.badCursor,
      message: 'The listing cursor is not one this connector issued',
    }),
  )
}

function encode(state: CursorState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url')
}

/** A ListResponse (RFC 7644 §3.4.2): `Resources` may be absent when there are none. */
export type ListReply = {
  readonly resources: readonly unknown[]
  readonly totalResults?: number
}

export function readListResponse(body: unknown): Result<ListReply, ConnectorError> {
  if (!isRecord(body)) return err(badResponse('a list that is not a ListResponse'))
  const resourcesKey = findKey(body, 'Resources')
  const resources = resourcesKey === undefined ? [] : body[resourcesKey]
  if (!Array.isArray(resources)) return err(badResponse('Resources that is not an array'))
  const totalKey = findKey(body, 'totalResults')
  const total = totalKey === undefined ? undefined : body[totalKey]
  if (total !== undefined && (typeof total !== 'number' || !Number.isInteger(total) || total < 0)) {
    return err(badResponse('a totalResults that is not a count'))
  }
  return ok({ resources, ...(total === undefined ? {} : { totalResults: total }) })
}

/**
 * Checks one page against the listing so far; gives the cursor of the next page, or none at
 * the end. A short or empty page before `totalResults` is reached is a transient error.
 */
export function checkPage(
  request: PageRequest,
  reply: ListReply,
): Result<{ nextCursor?: string }, ConnectorError> {
  const received = reply.resources.length
  const total = reply.totalResults
  const before = request.startIndex - 1
  if (total === undefined) {
    // No count to check against: only an empty page can end the list.
    if (received === 0) return ok({})
    return ok({ nextCursor: next(request, received, request.pageSize ?? received) })
  }
  const remaining = total - before
  if (remaining <= 0) return ok({})
  const pageSize = request.pageSize ?? learnedPageSize(request, received, remaining)
  const expected = Math.min(pageSize, remaining)
  if (received < expected) return err(shortPage(request.startIndex, received, expected, total))
  if (before + received >= total) return ok({})
  return ok({ nextCursor: next(request, received, pageSize) })
}

/** On the first page: fewer than asked, with more to come, means the app caps `count`. */
function learnedPageSize(request: PageRequest, received: number, remaining: number): number {
  if (received > 0 && received < request.count && received < remaining) return received
  return request.count
}

function next(request: PageRequest, received: number, pageSize: number): string {
  // Advance by what was received, never by what was asked: a capped page must not skip anyone.
  return encode({ v: 1, kind: 'scim', startIndex: request.startIndex + received, pageSize })
}

function shortPage(startIndex: number, received: number, expected: number, total: number) {
  return new ConnectorError({
    class: 'transient',
    code: CONNECTOR_ERROR_CODES.badResponse,
    message: 'The app returned a short page in the middle of the listing; retry the same page',
    detail: `startIndex ${startIndex}: ${received} of ${expected} expected resources (totalResults ${total})`,
  })
}
