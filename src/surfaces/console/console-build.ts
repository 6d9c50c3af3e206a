import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Where the console's sources, its build and the build's stamp live in a checkout. */
export type ConsolePaths = {
  /** The package root (where package-lock.json is). */
  readonly root: string
  /** The Vite project: `src/surfaces/console/ui`. */
  readonly sources: string
  /** What `npm run build` writes and the server serves: `dist/web`. */
  readonly dist: string
  /** The hash of the inputs the build in `dist` was made from: `dist/web-build.json`. */
  readonly stamp: string
}

export type ConsoleBuildState = 'missing' | 'stale' | 'fresh'

/** Packages whose versions shape the bundle; read from the lockfile, so installs with or without dev dependencies agree. */
const BUNDLE_PACKAGES = ['react', 'react-dom', 'scheduler', 'vite', '@vitejs/plugin-react']

/** The console's paths in the checkout this file belongs to. */
export function consolePaths(
  root = fileURLToPath(new URL('../../../', import.meta.url)),
): ConsolePaths {
  return {
    root,
    sources: path.join(root, 'src', 'surfaces', 'console', 'ui'),
    dist: path.join(root, 'dist', 'web'),
    stamp: path.join(root, 'dist', 'web-build.json'),
  }
}

/**
 * A hash of everything the build reads: every file under the Vite project and the locked
 * versions of the packages bundled or building it. Content, not mtimes: a checkout or a branch
 * switch that changes nothing does not trigger a rebuild, and one that changes a file always does.
 */
export function consoleInputsHash(paths: ConsolePaths): string {
  const hash = createHash('sha256')
  for (const file of listFiles(paths.sources)) {
    hash.update(`${path.relative(paths.sources, file)}\0`)
    hash.update(readFileSync(file))
    hash.update('\0')
  }
  hash.update(JSON.stringify(lockedVersions(paths.root)))
  return hash.digest('hex')
}

/** Missing (no index.html), stale (sources changed since the stamp) or fresh. */
export function consoleBuildState(paths: ConsolePaths): ConsoleBuildState {
  if (!existsSync(path.join(paths.dist, 'index.html'))) return 'missing'
  // A deployment may ship the build without the sources: then there is nothing to be stale against.
  if (!existsSync(paths.sources)) return 'fresh'
  return readStamp(paths) === consoleInputsHash(paths) ? 'fresh' : 'stale'
}

function readStamp(paths: ConsolePaths): string | undefined {
  try {
    const stamp: unknown = JSON.parse(readFileSync(paths.stamp, 'utf8'))
    return typeof stamp === 'object' && stamp !== null && 'inputsHash' in stamp
      ? String(stamp.inputsHash)
      : undefined
  } catch {
    // No stamp (or an unreadable one) means the build's inputs are unknown: treat it as stale.
    return undefined
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listFiles(full)
      return entry.isFile() ? [full] : []
    })
}

function lockedVersions(root: string): Record<string, string | null> {
  let packages: Record<string, { version?: string }> = {}
  try {
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
      packages?: Record<string, { version?: string }>
    }
    packages = lock.packages ?? {}
  } catch {
    // Without a lockfile the sources alone decide.
  }
  return Object.fromEntries(
    BUNDLE_PACKAGES.map((name) => [name, packages[`node_modules/${name}`]?.version ?? null]),
  )
}
