import path from 'node:path'
import type { ResolvedConfig } from '../../platform/config/index.js'

/** Where a token just made is meant to be used: the SCIM API or the management API. */
export type TokenKind = 'scim' | 'management'

const PROBE_PATHS: Readonly<Record<TokenKind, string>> = {
  scim: '/scim/v2/Users?count=0',
  management: '/api/apps',
}

/** Hosts the CLI may probe: only this machine's own server (a remote URL is never called). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Asks the server the token is printed for whether it knows the token, and says in words what
 * to do when it does not. The CLI writes to a data dir (or database), the server reads its own;
 * when they differ (a `rollcall demo` on the port, or a server started elsewhere) the IdP's
 * requests would all get 401, so this says which URL and data dir were used, and the fix.
 */
export async function checkServerKnowsToken(
  config: ResolvedConfig,
  input: { token: string; kind: TokenKind },
  fetchImpl: typeof fetch = fetch,
): Promise<string | undefined> {
  const base = config.server.publicUrl
  if (!LOOPBACK.has(new URL(base).hostname)) return undefined
  const where = storeOf(config)
  let status: number
  try {
    const reply = await fetchImpl(`${base}${PROBE_PATHS[input.kind]}`, {
      headers: { authorization: `Bearer ${input.token}` },
      signal: AbortSignal.timeout(2000),
    })
    await reply.body?.cancel()
    status = reply.status
  } catch {
    return `No server answers at ${base} yet. Start it on the same data (${where}): npm start`
  }
  if (status !== 401) return undefined
  return [
    `The server at ${base} refused this token: it does not use ${where}, where this command wrote it.`,
    'It may be a `rollcall demo` (it keeps its own data): stop it with Ctrl-C, then `npm start` here,',
    `or give this command the server's own --data-dir (or --database-url).`,
  ].join('\n')
}

function storeOf(config: ResolvedConfig): string {
  const url = config.database.url
  if (url.startsWith('sqlite:'))
    return `the data dir ${path.resolve(config.dataDir)} (${path.resolve(url.slice('sqlite:'.length))})`
  return `the database ${url.replace(/\/\/[^@/]*@/, '//…@')}`
}
