import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../src/platform/config/index.js'
import { openStore } from '../../src/platform/store/index.js'
import type { Clock } from '../../src/shared/clock.js'
import { silentLogger } from '../../src/shared/logger.js'
import { createServer, type Server } from '../../src/surfaces/http/index.js'
import type { TestStore } from './dialects.js'
import type { ApiReply } from './http.js'

export type Hub = {
  readonly server: Server
  readonly url: string
  close(): Promise<void>
}

/**
 * A server over its own connection to an existing test database, with an injected clock and no
 * background timers (tests run the rounds themselves). Closing it closes only its connection,
 * so a second hub on the same database is a restart.
 */
export async function startHub(
  database: TestStore,
  options: { clock: Clock; config?: Record<string, unknown> },
): Promise<Hub> {
  const store = await openStore({
    url: database.url,
    ...(database.schema ? { schema: database.schema, poolSize: 4 } : {}),
  })
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-hub-'))
  const loaded = loadConfig({
    env: {},
    file: false,
    overrides: {
      dataDir,
      'server.port': 0,
      'database.url': database.url,
      secretKey: 'test-secret-key-that-is-long-enough-0123456789',
      'log.level': 'silent',
      'sources.background': false,
      ...options.config,
    },
  })
  if (!loaded.ok) throw loaded.error
  const server = await createServer(loaded.value, {
    store,
    clock: options.clock,
    log: silentLogger(),
  })
  const address = await server.http.listen({ host: '127.0.0.1', port: 0 })
  return {
    server,
    url: address,
    async close() {
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** JSON calls to a hub's management API with a bearer token. */
export function hubApi(hub: Hub, token: string) {
  return async (method: string, route: string, body?: unknown): Promise<ApiReply> => {
    const response = await fetch(`${hub.url}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await response.text()
    const json = (response.headers.get('content-type') ?? '').includes('json') && text !== ''
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: json ? JSON.parse(text) : undefined,
    }
  }
}
