import { type MappingEntry, type Mappings, mappingEntries } from '../../apps/index.js'
import type { MappedValue } from './ast.js'
import { compileExpression, type Evaluate } from './evaluate-expression.js'
import { parseExpression } from './parse-expression.js'
import { printExpression } from './print-expression.js'
import { RESERVED_TARGETS } from './targets.js'

/** One mapping ready to run. */
export type CompiledMapping = {
  readonly target: string
  readonly expression: string
  readonly apply: 'always' | 'on_create'
  readonly evaluate: Evaluate
}

/** An app's mappings: all of them for a create, the `always` ones for drift. */
export type CompiledMappings = {
  readonly onCreate: readonly CompiledMapping[]
  readonly always: readonly CompiledMapping[]
}

/**
 * What a new account gets when the app maps nothing else: the person's userName, primary email
 * and name. On create only: without a mapping the admin wrote, nothing counts as drift. Only
 * attributes every connector can set on create (Okta refuses displayName, seed 004).
 */
const DEFAULT_CREATE: readonly MappingEntry[] = [
  { target: 'userName', expression: 'userName', apply: 'on_create' },
  {
    target: 'emails',
    expression: 'Coalesce(emails[primary eq true].value, emails.value)',
    apply: 'on_create',
  },
  { target: 'name.givenName', expression: 'name.givenName', apply: 'on_create' },
  { target: 'name.familyName', expression: 'name.familyName', apply: 'on_create' },
]

/** Problems of an app's mappings (the `checkMappings` port of the apps domain). */
export function checkMappings(mappings: Mappings): string[] {
  return mappingEntries(mappings).flatMap((entry) => {
    if (RESERVED_TARGETS.has(entry.target.toLowerCase()))
      return [`mappings.${entry.target}: lifecycle sets ${entry.target}, a mapping cannot`]
    const parsed = parseExpression(entry.expression)
    return parsed.ok
      ? []
      : [
          `mappings.${entry.target}: ${parsed.error.message} (at character ${parsed.error.position + 1})`,
        ]
  })
}

/** Compiles an app's mappings over the defaults; invalid ones were refused at connect. */
export function compileMappings(mappings: Mappings): CompiledMappings {
  const written = mappingEntries(mappings)
  const targets = new Set(written.map((entry) => entry.target.toLowerCase()))
  const entries = [
    ...DEFAULT_CREATE.filter((entry) => !targets.has(entry.target.toLowerCase())),
    ...written,
  ]
  const compiled = entries.flatMap((entry): CompiledMapping[] => {
    const parsed = parseExpression(entry.expression)
    if (!parsed.ok) return []
    return [
      {
        ...entry,
        expression: printExpression(parsed.value),
        evaluate: compileExpression(parsed.value),
      },
    ]
  })
  return { onCreate: compiled, always: compiled.filter((m) => m.apply === 'always') }
}

/** Evaluates mappings over a person: target → value, leaving out what says "no opinion". */
export function evaluateMappings(
  mappings: readonly CompiledMapping[],
  person: Record<string, unknown>,
): Map<string, MappedValue> {
  const values = new Map<string, MappedValue>()
  for (const mapping of mappings) {
    const value = mapping.evaluate(person)
    if (value !== null && !(Array.isArray(value) && value.length === 0))
      values.set(mapping.target, value)
  }
  return values
}
