import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { openStore } from '../../src/platform/store/index.js'
import type { TestDatabase, TestStore } from '../../test/helpers/dialects.js'

/**
 * A fresh database for one benchmark: a SQLite file in a temp dir (the store's own settings:
 * WAL, synchronous=FULL) or a new PostgreSQL schema; `dispose` removes it (and pg-boss's schema
 * beside it), whatever the harness closed.
 */
export function benchDatabase(
  dialect: 'sqlite' | 'postgres',
  postgresUrl: string | undefined,
): TestDatabase & { dispose(): Promise<void> } {
  const cleanups: Array<() => Promise<void>> = []
  const open = async (): Promise<TestStore> => {
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-bench-apply-'))
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
      const url = `sqlite:${path.join(dir, 'rollcall.db')}`
      return { ...(await openStore({ url })), url }
    }
    if (!postgresUrl) throw new Error('the PostgreSQL line needs --postgres-url')
    const schema = `bench_apply_${randomBytes(4).toString('hex')}`
    await adminQuery(postgresUrl, `create schema ${schema}`)
    cleanups.push(() =>
      adminQuery(
        postgresUrl,
        `drop schema if exists ${schema} cascade; drop schema if exists ${schema}_boss cascade`,
      ),
    )
    const store = await openStore({ url: postgresUrl, schema })
    return { ...store, url: postgresUrl, schema }
  }
  return {
    dialect,
    open,
    async dispose() {
      for (const cleanup of cleanups.splice(0)) await cleanup()
    },
  }
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}
