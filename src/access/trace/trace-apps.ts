import { traceErrors } from './trace-errors.js'

/** An app by id or by name (case-insensitive); anything else is the client's mistake (404). */
export function findApp<T extends { readonly id: string; readonly name: string }>(
  apps: readonly T[],
  ref: string,
): T {
  const key = ref.trim().toLowerCase()
  const found = apps.find((a) => a.id === ref) ?? apps.find((a) => a.name.toLowerCase() === key)
  if (!found) throw traceErrors.error('TRACE_APP_NOT_FOUND', `No app '${ref}' in this workspace.`)
  return found
}
