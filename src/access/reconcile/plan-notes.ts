import { decodeJson } from '../../platform/store/index.js'

/** A plan row's notes, or none. */
export function notesOf(value: unknown): string[] {
  return value === null || value === undefined ? [] : decodeJson<string[]>(value)
}
