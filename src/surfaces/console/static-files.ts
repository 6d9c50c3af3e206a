import { createReadStream, type ReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

/** A file found under the served directory, ready to stream. */
export type StaticFile = {
  readonly contentType: string
  readonly size: number
  /** Weak validator from size and modification time (RFC 9110 §8.8.3). */
  readonly etag: string
  open(): ReadStream
}

/** The media type of a file by its extension; unknown ones are plain bytes. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The file at `relative` under `root`, or undefined when there is none. A path that would leave
 * `root` (`..`, an absolute path, a NUL byte) finds nothing, whatever exists out there.
 */
export async function findStaticFile(
  root: string,
  relative: string,
): Promise<StaticFile | undefined> {
  if (relative.includes('\0') || relative.split(/[/\\]/).includes('..')) return undefined
  const base = path.resolve(root)
  const full = path.resolve(base, `.${path.sep}${relative}`)
  if (full !== base && !full.startsWith(`${base}${path.sep}`)) return undefined
  const info = await stat(full).catch(() => undefined)
  if (!info?.isFile()) return undefined
  return {
    contentType: contentTypeOf(full),
    size: info.size,
    etag: `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
    open: () => createReadStream(full),
  }
}
