import { matchesValueFilter } from '../../../protocol/scim/filter/index.js'
import {
  resolveAttribute,
  type ScimResource,
  userResourceSchema,
} from '../../../protocol/scim/schemas/index.js'
import { findKey, isRecord } from '../../../shared/json.js'
import type { Expression, FunctionName, MappedValue } from './ast.js'

/** A compiled expression: the person's resource in, the mapped value out; never throws. */
export type Evaluate = (person: ScimResource) => MappedValue

/**
 * Compiles an expression to a function (reconciliation evaluates each mapping once per person
 * and app, millions of times: the tree is walked once, here). Absent values are null, and
 * functions pass null through, so a mapping whose inputs are missing says "no opinion".
 */
export function compileExpression(expression: Expression): Evaluate {
  switch (expression.kind) {
    case 'string': {
      const value = expression.value
      return () => value
    }
    case 'number': {
      const value = String(expression.value)
      return () => value
    }
    case 'path':
      return compilePath(expression)
    case 'call':
      return compileCall(expression.name, expression.args.map(compileExpression), expression)
  }
}

/** The first non-empty text of a value (the value itself when it is text). */
export function firstText(value: MappedValue): string | null {
  if (value === null) return null
  if (typeof value === 'string') return value === '' ? null : value
  return value.find((v) => v !== '') ?? null
}

function texts(value: MappedValue): string[] {
  if (value === null) return []
  return typeof value === 'string' ? [value] : [...value]
}

function mapTexts(value: MappedValue, f: (text: string) => string): MappedValue {
  if (value === null) return null
  return typeof value === 'string' ? f(value) : value.map(f)
}

function compileCall(
  name: FunctionName,
  args: readonly Evaluate[],
  expression: Extract<Expression, { kind: 'call' }>,
): Evaluate {
  const [a = () => null, b = () => null, c = () => null] = args
  switch (name) {
    case 'Join':
      return (p) => {
        const separator = firstText(a(p)) ?? ''
        const parts = args.slice(1).flatMap((arg) => texts(arg(p)).filter((t) => t !== ''))
        return parts.length === 0 ? null : parts.join(separator)
      }
    case 'ToLower':
      return (p) => mapTexts(a(p), (t) => t.toLowerCase())
    case 'ToUpper':
      return (p) => mapTexts(a(p), (t) => t.toUpperCase())
    case 'Coalesce':
      return (p) => {
        for (const arg of args) {
          const value = firstText(arg(p))
          if (value !== null) return value
        }
        return null
      }
    case 'Switch':
      return compileSwitch(args)
    case 'Split':
      return (p) => {
        const source = firstText(a(p))
        const delimiter = firstText(b(p))
        if (source === null) return null
        return delimiter === null ? [source] : source.split(delimiter)
      }
    case 'Replace':
      return (p) => {
        const find = firstText(b(p))
        const replacement = firstText(c(p)) ?? ''
        return find === null ? a(p) : mapTexts(a(p), (t) => t.replaceAll(find, replacement))
      }
    case 'Left': {
      const count = expression.args[1]?.kind === 'number' ? expression.args[1].value : 0
      return (p) => mapTexts(a(p), (t) => [...t].slice(0, count).join(''))
    }
  }
}

/** Entra's `Switch(source, default, key1, value1, …)`: keys compare exactly. */
function compileSwitch(args: readonly Evaluate[]): Evaluate {
  const [source = () => null, fallback = () => null, ...pairs] = args
  return (p) => {
    const value = firstText(source(p))
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const key = pairs[i]
      const result = pairs[i + 1]
      if (value !== null && key && result && firstText(key(p)) === value) return result(p)
    }
    return fallback(p)
  }
}

/** `name.givenName`, `emails[type eq "work"].value`, `urn:…:User:department`. */
function compilePath(expression: Extract<Expression, { kind: 'path' }>): Evaluate {
  const { attrPath, valueFilter } = expression.path
  const resolved = resolveAttribute(userResourceSchema, { ...attrPath, subAttr: undefined })
  if (!resolved) return () => null
  const definition = resolved.definition
  const extension = resolved.isExtension ? resolved.schemaUri : undefined
  const sub = attrPath.subAttr ?? expression.path.subAttr
  // A bare multi-valued complex attribute means its `value`s (RFC 7644 §3.4.2.2).
  const leaf = sub ?? (definition.type === 'complex' ? 'value' : undefined)
  return (person) => {
    const container = extension === undefined ? person : person[findKey(person, extension) ?? '']
    if (!isRecord(container)) return null
    const key = findKey(container, definition.name)
    const raw = key === undefined ? undefined : container[key]
    const elements = definition.multiValued ? (Array.isArray(raw) ? raw : []) : [raw]
    const kept = valueFilter
      ? elements.filter((e) => matchesValueFilter(valueFilter, e, definition))
      : elements
    const values = kept.flatMap((element) => scalarsOf(leaf ? member(element, leaf) : element))
    if (definition.multiValued) return values.length === 0 ? null : values
    return values[0] ?? null
  }
}

function member(element: unknown, name: string): unknown {
  if (!isRecord(element)) return undefined
  const key = findKey(element, name)
  return key === undefined ? undefined : element[key]
}

function scalarsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)]
  return []
}
