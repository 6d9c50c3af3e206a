import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Services } from '../../src/surfaces/http/index.js'

const SYSTEM = { type: 'system', id: null } as const

const HEADER = 'Employee ID,Email,First name,Last name,Department,Groups,Status'

/**
 * People through the real path: a CSV source of the workspace, synced once. `rows` are CSV lines
 * under `header` (by default `Employee ID,Email,First name,Last name,Department,Groups,Status`).
 */
export async function seedPeopleFromCsv(
  services: Services,
  workspaceId: string,
  rows: readonly string[],
  options: { name?: string; header?: string } = {},
): Promise<{ sourceId: string }> {
  const name = options.name ?? 'HR export'
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rollcall-csv-'))
  const file = path.join(dir, 'people.csv')
  writeFileSync(file, `${options.header ?? HEADER}\n${rows.join('\n')}\n`)
  try {
    const source = await services.sources.add(workspaceId, 'csv', { file, name }, SYSTEM)
    const report = await services.sync.syncSource(workspaceId, source.id, {
      trigger: 'cli',
      actor: SYSTEM,
    })
    if (report.status !== 'succeeded') throw new Error(`CSV sync: ${JSON.stringify(report)}`)
    return { sourceId: source.id }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
