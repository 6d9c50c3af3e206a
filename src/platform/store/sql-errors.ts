import { errorCode } from '../../shared/errors.js'

/**
 * True when a write failed on a unique index. Uniqueness is enforced by the database, not by a
 * read-then-write check, so two concurrent creates of one userName can never both succeed.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error)
  // SQLite: SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY; PostgreSQL: 23505 unique_violation.
  return (
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === '23505'
  )
}
