import { type RawBuilder, sql } from 'kysely'

/**
 * The few SQL shapes that differ between SQLite's JSON1 and PostgreSQL's jsonb, for the filter
 * translation. Every value and every JSON path is a bound parameter: nothing from a filter is ever
 * concatenated into SQL text.
 */
export type JsonSql = {
  /** The scalar at `segments` inside a JSON column, as SQL text/number (NULL when absent). */
  text(column: RawBuilder<unknown>, segments: readonly string[]): RawBuilder<unknown>
  /** `EXISTS (SELECT 1 FROM <elements of the array at segments> AS j WHERE <predicate(j)>)`. */
  existsElement(
    column: RawBuilder<unknown>,
    segments: readonly string[],
    predicate: (element: JsonElement) => RawBuilder<unknown>,
  ): RawBuilder<unknown>
  /** A boolean as the dialect binds it: 1/0 on SQLite, true/false on PostgreSQL. */
  bool(value: boolean): unknown
  /** Casts a JSON scalar expression for comparison with a bound boolean/number. */
  asBoolean(expr: RawBuilder<unknown>): RawBuilder<unknown>
  asNumber(expr: RawBuilder<unknown>): RawBuilder<unknown>
  /** Orders text by code point, as in memory, whatever the database's collation (PostgreSQL). */
  byCodePoint(expr: RawBuilder<unknown>): RawBuilder<unknown>
  /** Case-sensitive substring tests (SQLite's LIKE ignores ASCII case, so it uses instr/substr). */
  contains(expr: RawBuilder<unknown>, value: string): RawBuilder<unknown>
  startsWith(expr: RawBuilder<unknown>, value: string): RawBuilder<unknown>
  endsWith(expr: RawBuilder<unknown>, value: string): RawBuilder<unknown>
}

/** One element of a JSON array being searched: the element itself or one of its members. */
export type JsonElement = {
  self(): RawBuilder<unknown>
  member(name: string): RawBuilder<unknown>
}

const sqliteJson: JsonSql = {
  text: (column, segments) => sql`json_extract(${column}, ${sqlitePath(segments)})`,
  existsElement: (column, segments, predicate) =>
    sql`exists (select 1 from json_each(${column}, ${sqlitePath(segments)}) as j where ${predicate({
      // json_each yields objects as JSON text and scalars as SQL values.
      self: () => sql`j.value`,
      member: (name) => sql`json_extract(j.value, ${sqlitePath([name])})`,
    })})`,
  bool: (value) => (value ? 1 : 0),
  asBoolean: (expr) => expr,
  asNumber: (expr) => expr,
  byCodePoint: (expr) => expr,
  contains: (expr, value) => sql`instr(${expr}, ${value}) > 0`,
  startsWith: (expr, value) => sql`substr(${expr}, 1, ${value.length}) = ${value}`,
  endsWith: (expr, value) => sql`substr(${expr}, ${-value.length}) = ${value}`,
}

const postgresJson: JsonSql = {
  text: (column, segments) => sql`(${column} #>> ${[...segments]}::text[])`,
  existsElement: (column, segments, predicate) =>
    sql`exists (select 1 from jsonb_array_elements(${column} #> ${[...segments]}::text[]) as j(value) where ${predicate(
      {
        self: () => sql`(j.value #>> '{}')`,
        member: (name) => sql`(j.value ->> ${name}::text)`,
      },
    )})`,
  bool: (value) => value,
  asBoolean: (expr) => sql`(${expr})::boolean`,
  asNumber: (expr) => sql`(${expr})::numeric`,
  byCodePoint: (expr) => sql`(${expr}) collate "C"`,
  contains: (expr, value) => sql`strpos(${expr}, ${value}::text) > 0`,
  startsWith: (expr, value) => sql`left(${expr}, ${value.length}::int) = ${value}::text`,
  endsWith: (expr, value) => sql`right(${expr}, ${value.length}::int) = ${value}::text`,
}

/** The SQL dialects the store speaks (platform/store's `Dialect` is the same union). */
export type SqlDialect = 'sqlite' | 'postgres'

export function jsonSqlFor(dialect: SqlDialect): JsonSql {
  return dialect === 'postgres' ? postgresJson : sqliteJson
}

/** `$."name"."givenName"`: quoted keys, since extension URNs contain dots and colons. */
function sqlitePath(segments: readonly string[]): string {
  return `$${segments.map((s) => `."${s.replaceAll('"', '""')}"`).join('')}`
}
