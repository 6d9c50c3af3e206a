const MAX_LENGTH = 512
const PROBE_ORIGIN = 'http://rollcall.invalid'

/**
 * A path on this hub to go to after sign-in or logout, or undefined. RelayState comes back from
 * the IdP through the browser (SAML bindings §3.4.3, §3.5.3), so anyone can set it: only
 * `/path?query` on our own origin is followed, never `//host`, `/\host`, a scheme, or control
 * characters that browsers strip before resolving.
 */
export function safeReturnPath(value: string | undefined | null): string | undefined {
  if (!value || value.length > MAX_LENGTH) return undefined
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(value) || value.includes('\\')) return undefined
  const resolved = new URL(value, PROBE_ORIGIN)
  if (resolved.origin !== PROBE_ORIGIN) return undefined
  return `${resolved.pathname}${resolved.search}`
}
