import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../src/platform/config/index.js'
import { silentLogger } from '../../src/shared/logger.js'
import {
  createServices,
  type ServiceOverrides,
  type Services,
} from '../../src/surfaces/http/index.js'
import type { TestDatabase, TestStore } from './dialects.js'

export type PeopleHarness = {
  readonly services: Services
  readonly store: TestStore
  readonly workspace: { id: string; slug: string }
  readonly dataDir: string
  close(): Promise<void>
}

export const SYSTEM = { type: 'system', id: null } as const

/** The services of the hub (no HTTP) over a fresh database, with one workspace. */
export async function openPeople(
  database: TestDatabase,
  overrides: Omit<ServiceOverrides, 'store'> = {},
  /** Config keys on top of the test defaults (e.g. `'jobs.pollMs': 20`). */
  config: Record<string, unknown> = {},
): Promise<PeopleHarness> {
  const store = await database.open()
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-people-'))
  const loaded = loadConfig({
    env: {},
    file: false,
    overrides: {
      dataDir,
      'database.url': store.url,
      secretKey: 'test-secret-key-that-is-long-enough-0123456789',
      ...config,
    },
  })
  if (!loaded.ok) throw loaded.error
  const services = await createServices(loaded.value, { log: silentLogger(), ...overrides, store })
  const workspace = await services.workspaces.create({ slug: 'acme', plan: 'enterprise' }, SYSTEM)
  return {
    services,
    store,
    workspace: { id: workspace.id, slug: workspace.slug },
    dataDir,
    async close() {
      await store.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
