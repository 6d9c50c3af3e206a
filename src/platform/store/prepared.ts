import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely'

/**
 * A query compiled once and executed with new parameter values: for the hot paths (token lookup,
 * read by id, the inserts of a SCIM write), where building and compiling a Kysely query on every
 * call costs more than running it. The SQL is still written with the typed builder; only the
 * values change. On SQLite the statement cache then reuses one prepared statement.
 *
 * @example
 * const byId = prepareQuery((db, id: string) => db.selectFrom('scim_users').selectAll().where('id', '=', id))
 * const rows = await byId.execute(db, 'some-id')
 */
export type PreparedQuery<D, P extends unknown[], R> = {
  execute(db: Kysely<D>, ...params: P): Promise<QueryResult<R>>
}

/** Marks parameter slots while compiling; no real value looks like this. */
const SENTINEL = '\u0000rollcall-param-'

export function prepareQuery<D, P extends unknown[], R>(
  build: (db: Kysely<D>, ...params: P) => Compilable<R>,
): PreparedQuery<D, P, R> {
  // One compilation per dialect adapter: the SQL text differs (`?` vs `$1`).
  const compiled = new Map<unknown, { query: CompiledQuery<R>; slots: number[] }>()
  return {
    async execute(db: Kysely<D>, ...params: P) {
      const adapter = db.getExecutor().adapter.constructor
      let entry = compiled.get(adapter)
      if (!entry) {
        entry = compile(db, build, params.length)
        compiled.set(adapter, entry)
      }
      const { query, slots } = entry
      const parameters = query.parameters.map((value, i) => {
        const slot = slots[i] as number
        return slot < 0 ? value : params[slot]
      })
      return db.executeQuery<R>({ ...query, parameters })
    },
  }
}

function compile<D, P extends unknown[], R>(
  db: Kysely<D>,
  build: (db: Kysely<D>, ...params: P) => Compilable<R>,
  arity: number,
): { query: CompiledQuery<R>; slots: number[] } {
  const markers = Array.from({ length: arity }, (_, i) => `${SENTINEL}${i}`) as P
  const query = build(db, ...markers).compile()
  const slots = query.parameters.map((value) =>
    typeof value === 'string' && value.startsWith(SENTINEL)
      ? Number(value.slice(SENTINEL.length))
      : -1,
  )
  const used = new Set(slots.filter((s) => s >= 0))
  if (used.size !== arity)
    throw new Error(`prepareQuery: ${arity - used.size} parameter(s) never reached the SQL`)
  return { query, slots }
}
