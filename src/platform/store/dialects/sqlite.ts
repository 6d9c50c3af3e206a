import { mkdirSync } from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  SqliteDialect,
  SqliteDriver,
  type SqliteStatement,
} from 'kysely'

export type SqliteOptions = { file: string }

/**
 * Opens the embedded database: WAL so readers never wait on the writer, `synchronous=FULL` so an
 * acknowledged write survives a power cut (DESIGN quality bars), and a busy timeout so the CLI and
 * the server can share one file.
 */
export function openSqlite(options: SqliteOptions): BetterSqlite3.Database {
  if (options.file !== ':memory:') mkdirSync(path.dirname(options.file), { recursive: true })
  const database = new BetterSqlite3(options.file)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = FULL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  database.pragma('cache_size = -65536')
  database.pragma('temp_store = MEMORY')
  return database
}

/**
 * Kysely prepares every statement anew; better-sqlite3 statements are reusable, and preparing is a
 * large share of a point read. This keeps the most recently used statements (a bounded LRU).
 */
export function withStatementCache(
  database: BetterSqlite3.Database,
  capacity = 500,
): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>()
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql)
      if (cached) {
        cache.delete(sql)
        cache.set(sql, cached)
        return cached
      }
      const statement = database.prepare(sql) as unknown as SqliteStatement
      cache.set(sql, statement)
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string)
      return statement
    },
  }
}

/**
 * Write transactions take the write lock up front (`BEGIN IMMEDIATE`). A deferred transaction that
 * reads and then writes can fail with SQLITE_BUSY at once when another process (the CLI) holds the
 * lock, because the busy timeout cannot resolve that upgrade.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

export class RollcallSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase
  constructor(database: SqliteDatabase) {
    super({ database })
    this.#database = database
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database })
  }
}
