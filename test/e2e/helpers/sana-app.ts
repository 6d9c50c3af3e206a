import { setTimeout as delay } from 'node:timers/promises'
import { ApiError } from '../../../src/shared/api-error.js'
import { userBody } from '../../emulators/http.js'
import type { SanaEmulator } from '../../emulators/sana.js'
import type { ConsoleFixture } from './console-fixture.js'

const ACTOR = { type: 'cli', id: null } as const

/** The seeded workspace's five people, as accounts in an app. */
export const SEEDED_PEOPLE = [
  ['ann@acme.com', 'Ann', 'Lee'],
  ['bob@acme.com', 'Bob', 'Ray'],
  ['cy@acme.com', 'Cy', 'Ng'],
  ['dee@acme.com', 'Dee', 'Park'],
  ['eve@acme.com', 'Eve', 'Moss'],
] as const

/**
 * The emulated Sana, with an active account for each of the seeded people, connected as an app
 * of the workspace (assigned to everyone) and read once into the graph. Returns the app's id.
 */
export async function connectSanaApp(
  f: ConsoleFixture,
  sana: SanaEmulator,
  options: { name: string; policy?: Record<string, unknown> },
): Promise<string> {
  const { services } = f.server.hub
  const workspaceId = f.server.workspace.id
  for (const [email, given, family] of SEEDED_PEOPLE) {
    const created = sana.state.create(
      userBody(email, {
        name: { givenName: given, familyName: family },
        displayName: `${given} ${family}`,
      }),
    )
    if (!created.ok) throw created.error
  }
  const app = await services.apps.connect(
    workspaceId,
    {
      catalogId: 'sana-labs',
      name: options.name,
      connection: { ...sana.connection, rateLimit: { requests: 1000, windowMs: 1000, share: 1 } },
      assignment: { all: true },
      mappings: { userName: 'userName', displayName: 'Join(" ", name.givenName, name.familyName)' },
      ...(options.policy ? { policy: options.policy } : {}),
    },
    ACTOR,
  )
  await refreshApp(f, app.id)
  return app.id
}

/**
 * Reads an app's accounts into the graph again (what the server's schedule does). The server's
 * worker may be refreshing the same app after an apply (its lease answers 409): wait for that
 * refresh to end, then read again, so the test sees every change applied so far.
 */
export async function refreshApp(f: ConsoleFixture, appId: string): Promise<void> {
  for (;;) {
    try {
      const refreshed = await f.server.hub.services.graph.refreshApp(f.server.workspace.id, appId, {
        trigger: 'cli',
        actor: ACTOR,
      })
      if (refreshed.status !== 'succeeded') throw new Error(`refresh: ${JSON.stringify(refreshed)}`)
      return
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'GRAPH_REFRESH_RUNNING') throw error
      await delay(50)
    }
  }
}
