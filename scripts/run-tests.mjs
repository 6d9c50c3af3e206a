#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner (Node 20 has no glob for
// --test). Arguments narrow the run: `npm test -- src/protocol/scim` or a file path.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['src', 'test', 'bench']
const files = roots.flatMap((root) => collect(root)).sort()
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`)
  process.exit(1)
}

const concurrency = process.env.ROLLCALL_TEST_CONCURRENCY ?? '2'
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/summary-reporter.mjs',
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
)
process.exit(result.status ?? 1)

function collect(entry) {
  const stat = statSync(entry, { throwIfNoEntry: false })
  if (!stat) return []
  if (stat.isFile()) return entry.endsWith('.test.ts') ? [entry] : []
  return readdirSync(entry).flatMap((name) =>
    name === 'node_modules' || name.startsWith('.') ? [] : collect(path.join(entry, name)),
  )
}
