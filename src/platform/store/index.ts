/**
 * The store: one Kysely database over SQLite (embedded default) or PostgreSQL. Domain stores take a
 * `Db` (or a transaction of it); dialect differences live in store/dialects and the migrations.
 */

export { type CommitSignal, signalCommits } from './commit-signal.js'
export { type Database, decodeJson, type NewRow, type Row, type RowUpdate } from './database.js'
export { type Db, type Dialect, openStore, type Store, type StoreOptions } from './db.js'
export type { Transact } from './group-commit.js'
export { likeContains } from './like.js'
export { migrateToLatest } from './migrate.js'
/** `select 1`: does the database answer (the server's health check)? */
export { pingDatabase } from './ping-store.js'
export { type PreparedQuery, prepareQuery } from './prepared.js'
export { isUniqueViolation } from './sql-errors.js'
