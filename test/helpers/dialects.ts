import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe } from 'node:test'
import pg from 'pg'
import { type Dialect, openStore, type Store } from '../../src/platform/store/index.js'

/** A database under test: how to open a fresh, migrated store and what URL reaches it. */
export type TestDatabase = {
  readonly dialect: Dialect
  /** A fresh empty database (its own file or PostgreSQL schema), migrated. Closed by `close`. */
  open(): Promise<TestStore>
}

export type TestStore = Store & {
  /** Connection settings that reach this same database from another process or a server. */
  readonly url: string
  readonly schema?: string
}

const POSTGRES_URL = process.env.ROLLCALL_TEST_POSTGRES_URL
let warned = false

/** The dialects to test on: SQLite always, PostgreSQL when ROLLCALL_TEST_POSTGRES_URL is set. */
export function testDatabases(): TestDatabase[] {
  const databases: TestDatabase[] = [sqliteDatabase()]
  if (POSTGRES_URL) databases.push(postgresDatabase(POSTGRES_URL))
  else if (!warned) {
    warned = true
    process.stderr.write(
      '\n!!! PostgreSQL tests SKIPPED: ROLLCALL_TEST_POSTGRES_URL is not set ' +
        '(e.g. postgres://postgres@127.0.0.1:5432/test). Only SQLite was tested. !!!\n\n',
    )
  }
  return databases
}

/**
 * Runs a suite once per dialect (kysely's `for (const dialect of DIALECTS)`); PostgreSQL shows up
 * as a skipped suite when it is not configured, so the summary says so too.
 */
export function eachDialect(name: string, body: (database: TestDatabase) => void): void {
  for (const database of testDatabases())
    describe(`${name} [${database.dialect}]`, () => body(database))
  if (!POSTGRES_URL)
    describe(`${name} [postgres]`, { skip: 'ROLLCALL_TEST_POSTGRES_URL not set' }, () => {})
}

function sqliteDatabase(): TestDatabase {
  return {
    dialect: 'sqlite',
    async open() {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-test-'))
      const url = `sqlite:${path.join(dir, 'rollcall.db')}`
      const store = await openStore({ url })
      return {
        ...store,
        url,
        close: once(async () => {
          await store.close()
          rmSync(dir, { recursive: true, force: true })
        }),
      }
    },
  }
}

function postgresDatabase(url: string): TestDatabase {
  return {
    dialect: 'postgres',
    async open() {
      const schema = `t_${randomBytes(6).toString('hex')}`
      await adminQuery(url, `create schema ${schema}`)
      const store = await openStore({ url, schema, poolSize: 4 })
      return {
        ...store,
        url,
        schema,
        close: once(async () => {
          await store.close()
          // pg-boss keeps its tables in a schema beside ours (pg-boss-queue.ts): any test whose
          // hub queued a job leaves one, and 64 of them had piled up in the local database.
          await adminQuery(
            url,
            `drop schema ${schema} cascade; drop schema if exists ${schema}_boss cascade`,
          )
        }),
      }
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

/** The server closes the store it was given and the test closes it too: closing twice is fine. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined
  return () => {
    closing ??= close()
    return closing
  }
}
