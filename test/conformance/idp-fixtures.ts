import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'idp')

/**
 * A request body exactly as the vendor documents it (test/fixtures/idp/<vendor>/<name>.json, see
 * the README there), with the documented resource ids swapped for the ids of this run:
 * `{ '23a35c27-…': user.id }` replaces that id wherever it appears inside a string (`value`,
 * `$ref`, a filter in `path`). Every id to swap must occur, so a fixture edit cannot silently
 * turn an id swap into a no-op.
 */
export function idpRequest(
  vendor: 'okta' | 'entra',
  name: string,
  ids: Readonly<Record<string, string>> = {},
): any {
  const text = readFileSync(path.join(FIXTURES, vendor, `${name}.json`), 'utf8')
  for (const documented of Object.keys(ids)) {
    if (!text.includes(documented))
      throw new Error(`Fixture ${vendor}/${name}.json does not contain the id '${documented}'.`)
  }
  return swapIds(JSON.parse(text), ids)
}

function swapIds(value: unknown, ids: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string')
    return Object.entries(ids).reduce((text, [from, to]) => text.replaceAll(from, to), value)
  if (Array.isArray(value)) return value.map((item) => swapIds(item, ids))
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swapIds(v, ids)]))
  return value
}

/** The member ids of a group resource, sorted (members come back in no particular order). */
export function memberIds(group: { members?: { value: string }[] }): string[] {
  return (group.members ?? []).map((m) => m.value).sort()
}
