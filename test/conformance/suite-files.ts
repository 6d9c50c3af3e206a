import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Where the shared originals may be, in order: an explicit directory, beside the checkout, the workplace. */
export const SHARED_DIRECTORIES = [
  process.env.ROLLCALL_CONFORMANCE_DIR,
  path.resolve(repoRoot, '..', 'shared', 'conformance'),
  '/work/shared/conformance',
].filter((dir): dir is string => typeof dir === 'string' && dir !== '')

export const VENDORED_DIRECTORY = path.resolve(repoRoot, 'test', 'fixtures', 'conformance')

/**
 * The path of a public conformance suite file: the shared original when reachable, else the
 * verbatim copy in test/fixtures/conformance (so a clone anywhere still runs the suites).
 */
export function suiteFile(name: string): string {
  for (const directory of [...SHARED_DIRECTORIES, VENDORED_DIRECTORY]) {
    const candidate = path.join(directory, name)
    if (existsSync(candidate)) return candidate
  }
  throw new Error(
    `conformance suite ${name} not found in ${[...SHARED_DIRECTORIES, VENDORED_DIRECTORY].join(', ')}`,
  )
}
