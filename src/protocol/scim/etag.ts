/**
 * ETags for SCIM resources (RFC 7644 §3.14): `meta.version` is the weak ETag `W/"<n>"`, where n
 * counts the changes that actually altered the resource (a no-op PATCH keeps it).
 */
export function etagFor(version: number): string {
  return `W/"${version}"`
}

/**
 * Whether an If-Match / If-None-Match header value matches the current version. Weak comparison
 * (RFC 9110 §8.8.3.2) is right here: versions are semantic, not byte-exact.
 */
export function etagMatches(header: string, version: number): boolean {
  const current = etagFor(version)
  return header
    .split(',')
    .map((tag) => tag.trim())
    .some(
      (tag) => tag === '*' || tag === current || tag === current.slice(2) || `W/${tag}` === current,
    )
}
