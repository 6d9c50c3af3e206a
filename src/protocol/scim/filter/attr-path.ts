import type { AttrPath } from './ast.js'

/**
 * RFC 7644 §3.4.2.2 `ATTRNAME = ALPHA *(nameChar)`, widened by a leading `$` because RFC 7643
 * itself names sub-attributes `$ref` (§2.4, §4.2) and clients filter on them.
 */
const ATTR_NAME = /^\$?[A-Za-z][A-Za-z0-9_-]*$/

/** A schema URI (RFC 3986 `scheme ":" …`); the URNs of RFC 7643 §8.7 all qualify. */
const SCHEMA_URI = /^[A-Za-z][A-Za-z0-9+.-]*:./

/** True for a valid attribute or sub-attribute name. */
export function isAttrName(text: string): boolean {
  return ATTR_NAME.test(text)
}

/**
 * Reads `attrPath = [URI ":"] ATTRNAME *1subAttr` from one word, or undefined when the word is
 * not one. The URI is everything before the last colon: schema URNs contain dots (`…:2.0:User`),
 * so only the part after the last colon is split at a dot.
 */
export function readAttrPath(word: string): AttrPath | undefined {
  const colon = word.lastIndexOf(':')
  const uri = colon === -1 ? undefined : word.slice(0, colon)
  if (uri !== undefined && !SCHEMA_URI.test(uri)) return undefined
  const parts = word.slice(colon + 1).split('.')
  const [name, subAttr] = parts
  if (parts.length > 2 || name === undefined || !isAttrName(name)) return undefined
  if (subAttr !== undefined && !isAttrName(subAttr)) return undefined
  return {
    ...(uri !== undefined ? { uri } : {}),
    name,
    ...(subAttr !== undefined ? { subAttr } : {}),
  }
}
