import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { ServiceOverrides } from '../../src/surfaces/http/index.js'
import type { SanaEmulator } from '../emulators/sana.js'
import type { TestDatabase } from './dialects.js'
import { openPeople, type PeopleHarness, SYSTEM } from './people.js'

/** A person as a CSV line: email, name, groups (`;`-separated), active. */
export type CsvPerson = {
  readonly email: string
  readonly given?: string
  readonly family?: string
  readonly groups?: readonly string[]
  readonly active?: boolean
  readonly employeeNumber?: string
}

export type LifecycleHarness = PeopleHarness & {
  /** Replaces the people of the CSV source and syncs it (a full sync). */
  setPeople(people: readonly CsvPerson[], options?: { acceptGone?: boolean }): Promise<void>
  /** Connects the Sana emulator as an app; `overrides` go into the app.json. */
  connectSana(sana: SanaEmulator, overrides?: Record<string, unknown>): Promise<string>
  /** Refreshes every app's accounts into the graph. */
  refresh(options?: {
    acceptGone?: boolean
  }): ReturnType<PeopleHarness['services']['graph']['refreshWorkspace']>
}

/**
 * The hub's services (no HTTP) over a fresh database with one workspace, people from a CSV
 * source the test rewrites, and helpers to connect the emulated apps and refresh the graph.
 */
export async function openLifecycle(
  database: TestDatabase,
  config: Record<string, unknown> = {},
  /** The hub's clock, outbound fetch, log… (e.g. a fake clock shared with an emulator). */
  overrides: Omit<ServiceOverrides, 'store'> = {},
): Promise<LifecycleHarness> {
  const h = await openPeople(database, overrides, config)
  const file = path.join(h.dataDir, 'people.csv')
  let sourceId: string | undefined
  const write = (people: readonly CsvPerson[]) =>
    writeFileSync(
      file,
      [
        'email,first name,last name,groups,active,employee number',
        ...people.map((p) =>
          [
            p.email,
            p.given ?? '',
            p.family ?? '',
            (p.groups ?? []).join(';'),
            p.active === false ? 'false' : 'true',
            p.employeeNumber ?? '',
          ].join(','),
        ),
      ].join('\n'),
    )
  return {
    ...h,
    async setPeople(people, options = {}) {
      write(people)
      sourceId ??= (
        await h.services.sources.add(h.workspace.id, 'csv', { file, key: 'emails' }, SYSTEM)
      ).id
      const [report] = await h.services.sync.syncWorkspace(h.workspace.id, {
        trigger: 'cli',
        actor: SYSTEM,
        mode: 'full',
        sourceId,
        ...(options.acceptGone ? { acceptGone: true } : {}),
      })
      if (report?.status !== 'succeeded') throw new Error(`people sync: ${JSON.stringify(report)}`)
    },
    async connectSana(sana, overrides = {}) {
      const app = await h.services.apps.connect(
        h.workspace.id,
        {
          catalogId: 'sana-labs',
          name: `Sana ${Math.random().toString(36).slice(2, 7)}`,
          connection: {
            ...sana.connection,
            rateLimit: { requests: 1000, windowMs: 1000, share: 1 },
          },
          assignment: { all: true },
          ...overrides,
        },
        SYSTEM,
      )
      return app.id
    },
    refresh(options = {}) {
      return h.services.graph.refreshWorkspace(h.workspace.id, {
        trigger: 'cli',
        actor: SYSTEM,
        ...(options.acceptGone ? { acceptGone: true } : {}),
      })
    },
  }
}

export { SYSTEM }
