/**
 * What one response said about the rate limit, normalised across header families. Every field
 * is optional: an app may send none, some, or several families at once.
 */
export type RateLimitObservation = {
  /** Requests allowed per window. */
  limit?: number
  /** Requests left in the current window. */
  remaining?: number
  /** When the current window resets, as epoch milliseconds. */
  resetAtMs?: number
  /** Length of the window, when the app says it (IETF `RateLimit-Policy` `w`). */
  windowMs?: number
  /** How long to wait before the next request (`Retry-After`), in milliseconds. */
  retryAfterMs?: number
}

type Quota = Omit<RateLimitObservation, 'retryAfterMs'>

const INTEGER = /^\d{1,15}$/
// Values this large are clock readings, not durations: ~2001-09-09 in seconds, in milliseconds.
const EPOCH_SECONDS_FLOOR = 1e9
const EPOCH_MILLIS_FLOOR = 1e12

/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date. A date in the
 * past means "now" (0). Anything else is garbage and ignored.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  if (INTEGER.test(text)) return Number(text) * 1000
  // RFC 9110 §5.6.7: IMF-fixdate, plus the obsolete RFC 850 and asctime forms, which Date.parse
  // reads too. A bare number that failed the integer test (e.g. "-5", "1.5") is not a date.
  if (!/[a-z]/i.test(text)) return undefined
  // HTTP dates are always GMT; asctime carries no zone, and Date.parse would read it as local.
  const at = Date.parse(/\b(GMT|UTC)\b/i.test(text) ? text : `${text} GMT`)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - nowMs)
}

/**
 * Reads every rate-limit header family an app may send and returns one observation: the most
 * restrictive quota found (fewest requests remaining) plus `Retry-After`.
 *
 * Families: IETF `RateLimit`/`RateLimit-Policy` structured fields
 * (draft-ietf-httpapi-ratelimit-headers-08 and later, and the dictionary form of -07), the
 * earlier drafts' `RateLimit-Limit/-Remaining/-Reset`, Okta's `X-Rate-Limit-*` (reset in epoch
 * seconds; Zendesk sends `X-Rate-Limit` for the limit), and the de-facto `X-RateLimit-*`.
 */
export function parseRateLimitHeaders(headers: Headers, nowMs: number): RateLimitObservation {
  const quotas = [
    ietfStructured(headers, nowMs),
    ietfSplit(headers, nowMs),
    prefixed(headers, 'x-rate-limit', nowMs),
    prefixed(headers, 'x-ratelimit', nowMs),
  ].filter((quota): quota is Quota => quota !== undefined)
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'), nowMs)
  const chosen = mostRestrictive(quotas)
  return { ...chosen, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
}

function mostRestrictive(quotas: Quota[]): Quota {
  const withRemaining = quotas.filter((quota) => quota.remaining !== undefined)
  if (withRemaining.length === 0) return quotas[0] ?? {}
  return withRemaining.reduce((a, b) => ((b.remaining ?? 0) < (a.remaining ?? 0) ? b : a))
}

function prefixed(headers: Headers, prefix: string, nowMs: number): Quota | undefined {
  const limit = integer(headers.get(`${prefix}-limit`) ?? headers.get(prefix))
  const remaining = integer(headers.get(`${prefix}-remaining`))
  const reset = integer(headers.get(`${prefix}-reset`))
  // Okta documents X-Rate-Limit-Reset as epoch seconds; GitHub does the same for X-RateLimit-Reset
  // while other apps send seconds-until-reset, so the magnitude decides.
  return quota(limit, remaining, reset === undefined ? undefined : resetAt(reset, nowMs))
}

/** draft-ietf-httpapi-ratelimit-headers up to -06: three fields, reset as delta-seconds. */
function ietfSplit(headers: Headers, nowMs: number): Quota | undefined {
  const members = parseMembers(headers.get('ratelimit-limit') ?? '')
  // "RateLimit-Limit: 100, 100;w=60": the first member is the effective quota and a later one
  // with the same quota names its window.
  const first = members[0]
  const limit = integer(first?.item ?? null)
  const policy = members.find((m) => m.item === first?.item && m.params.has('w'))
  const window = integer(policy?.params.get('w') ?? null)
  const remaining = integer(headers.get('ratelimit-remaining'))
  const reset = integer(headers.get('ratelimit-reset'))
  const found = quota(limit, remaining, reset === undefined ? undefined : resetAt(reset, nowMs))
  if (found === undefined || window === undefined) return found
  return { ...found, windowMs: window * 1000 }
}

/**
 * draft-ietf-httpapi-ratelimit-headers-08+: `RateLimit: "name";r=50;t=30` (remaining, seconds to
 * reset) with `RateLimit-Policy: "name";q=100;w=60` (quota, window seconds), matched by name.
 * Also accepts -07's dictionary `RateLimit: limit=100, remaining=50, reset=5`.
 */
function ietfStructured(headers: Headers, nowMs: number): Quota | undefined {
  const field = headers.get('ratelimit')
  if (field === null) return undefined
  const members = parseMembers(field)
  const dictionary = dictionaryForm(members, nowMs)
  if (dictionary !== undefined) return dictionary
  const policies = new Map(
    parseMembers(headers.get('ratelimit-policy') ?? '').map((p) => [p.item, p.params]),
  )
  const quotas = members.map((member) => {
    const policy = policies.get(member.item)
    const remaining = integer(member.params.get('r') ?? null)
    const reset = integer(member.params.get('t') ?? null)
    const found = quota(
      integer(policy?.get('q') ?? null),
      remaining,
      reset === undefined ? undefined : nowMs + reset * 1000,
    )
    const window = integer(policy?.get('w') ?? null)
    return found && window !== undefined ? { ...found, windowMs: window * 1000 } : found
  })
  const valid = quotas.filter((q): q is Quota => q !== undefined)
  return valid.length === 0 ? undefined : mostRestrictive(valid)
}

function dictionaryForm(members: Member[], nowMs: number): Quota | undefined {
  const entries = new Map<string, string>()
  for (const member of members) {
    const [key, value] = member.item.split('=')
    if (key !== undefined && value !== undefined) entries.set(key.trim(), value.trim())
  }
  if (entries.size === 0) return undefined
  const reset = integer(entries.get('reset') ?? null)
  return quota(
    integer(entries.get('limit') ?? null),
    integer(entries.get('remaining') ?? null),
    reset === undefined ? undefined : nowMs + reset * 1000,
  )
}

function quota(
  limit: number | undefined,
  remaining: number | undefined,
  resetAtMs: number | undefined,
): Quota | undefined {
  if (limit === undefined && remaining === undefined && resetAtMs === undefined) return undefined
  return {
    ...(limit === undefined ? {} : { limit }),
    ...(remaining === undefined ? {} : { remaining }),
    ...(resetAtMs === undefined ? {} : { resetAtMs }),
  }
}

function resetAt(value: number, nowMs: number): number {
  if (value >= EPOCH_MILLIS_FLOOR) return value
  if (value >= EPOCH_SECONDS_FLOOR) return value * 1000
  return nowMs + value * 1000
}

function integer(value: string | null): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  return INTEGER.test(text) ? Number(text) : undefined
}

type Member = { item: string; params: Map<string, string> }

/**
 * A small reader for RFC 8941 lists of items with parameters (`"a";q=1;w=2, b;r=3`). It splits on
 * commas and semicolons outside quoted strings; values are kept as trimmed text, quotes removed.
 */
function parseMembers(field: string): Member[] {
  return splitOutsideQuotes(field, ',')
    .map((raw) => {
      const [item = '', ...params] = splitOutsideQuotes(raw, ';')
      const pairs = params.map((param): [string, string] => {
        const at = param.indexOf('=')
        return at < 0
          ? [param.trim(), '?1']
          : [param.slice(0, at).trim(), unquote(param.slice(at + 1))]
      })
      return { item: unquote(item), params: new Map(pairs) }
    })
    .filter((member) => member.item !== '')
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = []
  let current = ''
  let quoted = false
  for (const char of text) {
    if (char === '"') quoted = !quoted
    if (char === separator && !quoted) {
      parts.push(current)
      current = ''
    } else {
      current += char
    }
  }
  parts.push(current)
  return parts
}

function unquote(text: string): string {
  const trimmed = text.trim()
  return trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed
}
