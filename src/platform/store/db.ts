import { Kysely } from 'kysely'
import type { Database } from './database.js'
import { createPostgresDialect } from './dialects/postgres.js'
import { openSqlite, RollcallSqliteDialect, withStatementCache } from './dialects/sqlite.js'
import { createGroupCommit, type Transact } from './group-commit.js'
import { migrateToLatest } from './migrate.js'

export type Dialect = 'sqlite' | 'postgres'
export type Db = Kysely<Database>

/** An open database: the typed query builder, which dialect it speaks, and how to close it. */
export type Store = {
  readonly db: Db
  readonly dialect: Dialect
  /**
   * Runs a unit of work in a write transaction and resolves once it is durable. On SQLite,
   * concurrent units share one transaction and one fsync (group-commit.ts); on PostgreSQL each is
   * its own transaction (the server groups WAL flushes of concurrent commits itself).
   */
  readonly transact: Transact
  close(): Promise<void>
}

export type StoreOptions = {
  url: string
  poolSize?: number
  /** PostgreSQL only: pin the search_path (tests use one schema per run). */
  schema?: string
  /** Apply pending migrations before returning (the server and the CLI both do). */
  migrate?: boolean
}

/** Opens SQLite for `sqlite:<path>` and PostgreSQL for `postgres://…`, then migrates. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.url.startsWith('sqlite:')
    ? openSqliteStore(options.url)
    : openPostgresStore(options)
  if (options.migrate !== false) {
    try {
      await migrateToLatest(store.db as Kysely<unknown>)
    } catch (error) {
      await store.close()
      throw error
    }
  }
  return store
}

function openSqliteStore(url: string): Store {
  const file = url.slice('sqlite:'.length) || ':memory:'
  const database = openSqlite({ file })
  const db = new Kysely<Database>({
    dialect: new RollcallSqliteDialect(withStatementCache(database)),
  })
  return { db, dialect: 'sqlite', transact: createGroupCommit(db), close: () => db.destroy() }
}

function openPostgresStore(options: StoreOptions): Store {
  const { dialect } = createPostgresDialect({
    url: options.url,
    poolSize: options.poolSize ?? 10,
    ...(options.schema ? { schema: options.schema } : {}),
  })
  const db = new Kysely<Database>({ dialect })
  const transact: Transact = (work) => db.transaction().execute(work)
  return { db, dialect: 'postgres', transact, close: () => db.destroy() }
}
