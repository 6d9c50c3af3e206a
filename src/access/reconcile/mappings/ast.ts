import type { PatchPath } from '../../../protocol/scim/filter/index.js'

/**
 * The attribute-mapping expression language (after Entra ID's provisioning expressions, a much
 * smaller cousin): string and number literals, SCIM attribute paths over the person
 * (`name.givenName`, `emails[type eq "work"].value`, `urn:…:enterprise:2.0:User:department`),
 * and calls of the functions below. Pure data: the parser builds it, the printer prints it, the
 * evaluator runs it.
 */
export type Expression =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'path'; readonly text: string; readonly path: PatchPath }
  | { readonly kind: 'call'; readonly name: FunctionName; readonly args: readonly Expression[] }

export const FUNCTION_NAMES = [
  'Join',
  'ToLower',
  'ToUpper',
  'Coalesce',
  'Switch',
  'Split',
  'Replace',
  'Left',
] as const

export type FunctionName = (typeof FUNCTION_NAMES)[number]

/** How many arguments each function takes, and the shape Switch's pairs need. */
export const ARITY: Readonly<Record<FunctionName, { min: number; max: number; usage: string }>> = {
  Join: { min: 2, max: 100, usage: 'Join(separator, value, …)' },
  ToLower: { min: 1, max: 1, usage: 'ToLower(value)' },
  ToUpper: { min: 1, max: 1, usage: 'ToUpper(value)' },
  Coalesce: { min: 1, max: 100, usage: 'Coalesce(value, …)' },
  Switch: { min: 2, max: 201, usage: 'Switch(value, default, key, result, …)' },
  Split: { min: 2, max: 2, usage: 'Split(value, delimiter)' },
  Replace: { min: 3, max: 3, usage: 'Replace(value, find, replacement)' },
  Left: { min: 2, max: 2, usage: 'Left(value, count)' },
}

/** A mapping's value: text, nothing, or several values (a multi-valued attribute, a Split). */
export type MappedValue = string | null | readonly string[]
