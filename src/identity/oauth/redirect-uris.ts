/**
 * Redirect URI rules for OAuth apps. The provider compares them by exact string match at the
 * authorization and token endpoints (RFC 9700 §4.1.3, §2.1: no patterns, no partial matches); here
 * we refuse registrations that could never be safe:
 * - absolute URLs without a fragment (RFC 6749 §3.1.2);
 * - https, or http on a loopback address only (RFC 8252 §7.3, RFC 9700 §2.6);
 * - no wildcards and no user info.
 */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost'])
const MAX_URIS = 10

export function checkRedirectUris(uris: readonly string[]): string[] {
  if (uris.length === 0) return ['redirectUris: at least one is required']
  if (uris.length > MAX_URIS) return [`redirectUris: at most ${MAX_URIS}`]
  return uris.flatMap((uri, index) => {
    const problem = checkRedirectUri(uri)
    return problem ? [`redirectUris.${index}: ${problem}`] : []
  })
}

function checkRedirectUri(uri: string): string | undefined {
  if (uri.length > 2000) return 'too long'
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return 'not an absolute URL'
  }
  if (uri.includes('#')) return 'must not contain a fragment'
  if (uri.includes('*')) return 'must not contain wildcards'
  if (url.username || url.password) return 'must not contain user info'
  if (url.protocol === 'https:') return undefined
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined
  return 'must use https (http only on a loopback address)'
}
