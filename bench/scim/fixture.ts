import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { REPO_ROOT } from '../lib/server-process.js'

/** A seeded hub data dir, as the seed child leaves it for the benchmarks. */
export type SeedFixture = {
  readonly dataDir: string
  readonly databaseFile: string
  /** The SCIM bearer token of the seeded directory. */
  readonly token: string
  readonly directoryId: string
  /** Ids and userNames of the seeded users, in creation order. */
  readonly ids: readonly string[]
  readonly userNames: readonly string[]
  /** A real `GET /Users?startIndex=1&count=100` body, for the same-payload baseline. */
  readonly pageFile: string
  readonly pageContentType: string
  readonly seedSeconds: number
}

/**
 * Seeds `users` Entra-sized users into a fresh hub data dir, in a child process (the seeding
 * heap and JIT state must not be the server's, nor the load generator's), and reads the fixture.
 */
export async function seedFixture(options: {
  dataDir: string
  users: number
  profile: string
}): Promise<SeedFixture> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/scim/seed-users.ts',
      '--data-dir',
      options.dataDir,
      '--users',
      String(options.users),
      '--profile',
      options.profile,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  )
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`seeding failed (exit code ${code})`)
  return JSON.parse(readFileSync(path.join(options.dataDir, 'fixture.json'), 'utf8')) as SeedFixture
}

/** A uniformly random element: ids and userNames are picked this way by the read benchmarks. */
export function randomOf<T>(list: readonly T[]): T {
  return list[Math.floor(Math.random() * list.length)] as T
}

/** The headers of SCIM reads with the seeded directory's token (the baselines send them too). */
export const readHeaders = (fixture: SeedFixture): Record<string, string> => ({
  authorization: `Bearer ${fixture.token}`,
  accept: 'application/scim+json',
})

export const writeHeaders = (fixture: SeedFixture): Record<string, string> => ({
  ...readHeaders(fixture),
  'content-type': 'application/scim+json',
})
