import { err, ok, type Result } from '../../shared/result.js'
import { isHttpUrl, METADATA_MAX_BYTES } from './idp-config.js'

export type MetadataFetchOptions = {
  fetch: typeof globalThis.fetch
  timeoutMs?: number
  maxBytes?: number
}

const MAX_REDIRECTS = 3
const DEFAULT_TIMEOUT_MS = 5_000

/**
 * Downloads IdP metadata when a connection is saved with `metadataUrl`: http(s) only, a time
 * limit for the whole exchange, a size cap read as the body streams in, and redirects followed
 * only on the same host (a redirect elsewhere could point the hub at an address the admin never
 * named).
 */
export async function fetchMetadata(
  url: string,
  options: MetadataFetchOptions,
): Promise<Result<string, string>> {
  if (!isHttpUrl(url)) return err('metadataUrl must be an http(s) URL')
  const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  const host = new URL(url).host
  let target = url
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const response = await options.fetch(target, {
        redirect: 'manual',
        signal,
        headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
      })
      const location = response.headers.get('location')
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel()
        const next = new URL(location, target)
        if (next.host !== host || !isHttpUrl(next.href)) {
          return err('metadataUrl redirected to another host')
        }
        target = next.href
        continue
      }
      if (!response.ok) return err(`metadataUrl answered HTTP ${response.status}`)
      return readCapped(response, options.maxBytes ?? METADATA_MAX_BYTES)
    }
    return err('metadataUrl redirected too many times')
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'failed'
    return err(`fetching metadataUrl ${reason}`)
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<Result<string, string>> {
  const declared = Number(response.headers.get('content-length') ?? '0')
  if (declared > maxBytes) {
    await response.body?.cancel()
    return err('metadata is too large')
  }
  const reader = response.body?.getReader()
  if (!reader) return ok('')
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      return err('metadata is too large')
    }
    chunks.push(value)
  }
  return ok(Buffer.concat(chunks).toString('utf8'))
}
