import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../src/platform/config/index.js'
import type { Clock } from '../../src/shared/clock.js'
import { type Logger, silentLogger } from '../../src/shared/logger.js'
import { createServer, type Server } from '../../src/surfaces/http/index.js'
import type { TestDatabase, TestStore } from './dialects.js'

export type TestServer = {
  /** The hub itself: its HTTP server, services and workers. */
  readonly hub: Server
  readonly store: TestStore
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  readonly scimUrl: string
  /** A workspace with a management token (all scopes) and one SCIM directory. */
  readonly workspace: { id: string; slug: string }
  readonly managementToken: string
  readonly directory: { id: string; token: string }
  /** Another SCIM directory in the same workspace, for isolation tests. */
  createDirectory(settings?: Record<string, unknown>): Promise<{ id: string; token: string }>
  close(): Promise<void>
}

/**
 * Starts the real server on a free 127.0.0.1 port over a fresh database of the given dialect,
 * with a workspace, a management token and a SCIM directory ready. Tests speak HTTP to it.
 */
export async function startServer(
  database: TestDatabase,
  options: {
    profile?: 'standard' | 'okta' | 'entra'
    plan?: 'free' | 'pro' | 'enterprise'
    config?: Record<string, unknown>
    /** A logger to inspect (default: silent). */
    log?: Logger
    /** The hub's clock (default: the system's). */
    clock?: Clock
  } = {},
): Promise<TestServer> {
  const store = await database.open()
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-server-'))
  const port = await freePort()
  const loaded = loadConfig({
    env: {},
    file: false,
    overrides: {
      dataDir,
      'server.port': port,
      'database.url': store.url,
      secretKey: 'test-secret-key-that-is-long-enough-0123456789',
      'log.level': 'silent',
      ...options.config,
    },
  })
  if (!loaded.ok) throw loaded.error
  const hub = await createServer(loaded.value, {
    store,
    log: options.log ?? silentLogger(),
    ...(options.clock ? { clock: options.clock } : {}),
  })
  await hub.http.listen({ host: '127.0.0.1', port })
  const url = `http://127.0.0.1:${port}`
  const actor = { type: 'system', id: null } as const
  const services = hub.services
  const workspace = await services.workspaces.create(
    { slug: 'acme', plan: options.plan ?? 'enterprise' },
    actor,
  )
  const token = await services.apiTokens.create(
    {
      workspaceId: workspace.id,
      scopes: [
        'scim:manage',
        'saml:manage',
        'integrations:read',
        'integrations:manage',
        'audit:read',
      ],
    },
    actor,
  )
  const createDirectory = async (
    settings: Record<string, unknown> = { profile: options.profile ?? 'standard' },
  ) => {
    const created = await services.directories.create(
      { workspaceId: workspace.id, settings },
      actor,
    )
    return { id: created.directory.id, token: created.token }
  }
  const directory = await createDirectory()
  return {
    hub,
    store,
    url,
    scimUrl: `${url}/scim/v2`,
    workspace: { id: workspace.id, slug: workspace.slug },
    managementToken: token.token,
    directory,
    createDirectory,
    async close() {
      await hub.close()
      await store.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A port that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}
