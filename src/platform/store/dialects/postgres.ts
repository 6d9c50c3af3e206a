import { PostgresDialect } from 'kysely'
import pg from 'pg'

export type PostgresOptions = { url: string; poolSize: number; schema?: string }

// COUNT(*) and BIGSERIAL come back as int8; our counts and sequence numbers fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10))

/**
 * PostgreSQL through a pg Pool. `schema` pins the search_path (tests give each run its own schema
 * so parallel test files never see each other's rows).
 */
export function createPostgresDialect(options: PostgresOptions): {
  dialect: PostgresDialect
  pool: pg.Pool
} {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  })
  // An idle client that loses its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query gets a fresh connection.
  pool.on('error', () => {})
  return { dialect: new PostgresDialect({ pool }), pool }
}
