import type { DemoPerson } from './demo-people.js'

/**
 * Samepage has no API: its accounts reach Rollcall as the user export an admin uploads
 * (`rollcall app import-accounts`). The demo uploads one, so Samepage shows accounts beside the
 * other apps and an offboarding there becomes a task for its owner: every Engineering person
 * (Samepage's assignment) but one in six (missing, a task to create), leavers included (residual,
 * a task to remove).
 */
export function samepageExport(people: readonly DemoPerson[]): string {
  const rows = people
    .filter((p) => p.department === 'Engineering' && p.index % 6 !== 5)
    .map((p) => `${p.givenName} ${p.familyName},${p.email},active`)
  return ['Name,Email,Status', ...rows, ''].join('\r\n')
}
