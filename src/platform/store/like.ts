/**
 * A case-insensitive "contains" pattern for `lower(column) LIKE ? ESCAPE '\'`: `%`, `_` and the
 * escape character itself are escaped so that what a person types is matched as text: "100%"
 * finds "100%", not every name starting with "100" (both dialects honour `ESCAPE '\'`).
 */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}
