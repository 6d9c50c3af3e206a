/**
 * SCIM filters and PATCH paths (RFC 7644 §3.4.2.2, §3.5.2): parse, print, check and evaluate.
 * Pure functions over the AST in `ast.ts`; no I/O.
 */

export type {
  AttrPath,
  CompareOperator,
  CompareValue,
  Filter,
  PatchPath,
} from './ast.js'

/**
 * Rejects comparisons RFC 7644 calls invalidFilter (`gt` on a boolean, `eq` on a complex
 * attribute without a sub-attribute, `co` on a number…). Run it after `parseFilter` on the
 * server; unknown attributes pass, since they just match nothing.
 * @example
 * checkFilterOperators(unwrap(parseFilter('active gt true')), userResourceSchema) // → invalidFilter
 */
export { checkFilterOperators } from './check-filter-operators.js'

/**
 * Parses an RFC 7643 dateTime (any offset, any number of fractional digits) to an exact instant,
 * and orders two instants. For code that compares dateTimes the way filters do.
 */
export { compareInstants, type Instant, parseDateTime } from './date-time.js'

/**
 * `matchesFilter` runs a filter over a resource in memory (the PATCH engine, tests, emulators);
 * `matchesValueFilter` runs the filter of `attr[…]` over one value of that attribute. Neither
 * throws; unknown attributes match nothing.
 * @example
 * matchesFilter(unwrap(parseFilter('emails[type eq "work"]')), user, userResourceSchema)
 */
export { matchesFilter, matchesValueFilter } from './evaluate.js'

/**
 * `parseFilter` parses a `filter` parameter; `parsePatchPath` a PATCH operation's `path`.
 * They return a Result, never throw, and report the 0-based position of the first problem
 * (invalidFilter and invalidPath respectively). Input is capped at MAX_FILTER_LENGTH characters,
 * MAX_FILTER_DEPTH levels of nesting and MAX_FILTER_TERMS comparisons; the detail names the limit. Unquoted values (`userName sw O`), as Entra ID sends
 * them, are read as strings. `emails[type eq "work"].value eq "x"` (a sub-attribute of a value
 * path, as Entra ID matches) is read as `emails[type eq "work" and value eq "x"]`.
 * @example
 * parseFilter('emails[type eq "work" and value co "@acme.com"] or userName eq "bjensen"')
 * parsePatchPath('emails[type eq "work"].value')
 */
export {
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  MAX_FILTER_TERMS,
  parseFilter,
  parsePatchPath,
} from './parser.js'

/**
 * Canonical text for an AST, which parses back to an equal AST: for logs, the outbound SCIM
 * client, and SearchRequest echoes.
 */
export { printAttrPath, printFilter, printPatchPath } from './print.js'
