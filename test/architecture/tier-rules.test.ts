import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'

/**
 * The lint rules of docs/architecture.md, run on a small tree laid out like src/: each deliberate
 * wrong import must be named by its rule, and the right-way imports must pass.
 */
const repo = path.resolve(import.meta.dirname, '../..')
const tree = mkdtempSync(path.join(tmpdir(), 'rollcall-tiers-'))
after(() => rmSync(tree, { recursive: true, force: true }))

const files: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', allowJs: false } }),
  'src/access/apply/index.ts': 'export const apply = 1\n',
  'src/access/graph/index.ts': 'export const graph = 1\n',
  'src/access/graph/accounts-store.ts': 'export const accounts = 1\n',
  'src/identity/people/index.ts': 'export const people = 1\n',
  'src/platform/jobs/index.ts': 'export const jobs = 1\n',
  // Wrong: platform reaches up into access.
  'src/platform/jobs/bad-tier.ts': "export { apply } from '../../access/apply/index.js'\n",
  // Wrong: graph comes before apply in the access tier, so it may not import apply.
  'src/access/graph/bad-order.ts': "export { apply } from '../apply/index.js'\n",
  // Wrong: apply reaches into graph's internals instead of its index.
  'src/access/apply/bad-internals.ts': "export { accounts } from '../graph/accounts-store.js'\n",
  // Right: down a tier, and back in the tier's order, each through an index.
  'src/access/apply/good.ts':
    "export { jobs } from '../../platform/jobs/index.js'\nexport { people } from '../../identity/people/index.js'\nexport { graph } from '../graph/index.js'\n",
}
for (const [file, text] of Object.entries(files)) {
  mkdirSync(path.join(tree, path.dirname(file)), { recursive: true })
  writeFileSync(path.join(tree, file), text)
}

type Violation = { from: string; to: string; rule: { name: string } }

function cruise(): Violation[] {
  const bin = path.join(repo, 'node_modules/.bin/depcruise')
  const config = path.join(repo, '.dependency-cruiser.cjs')
  const run = spawnSync(bin, ['src', '--config', config, '--output-type', 'json'], {
    cwd: tree,
    encoding: 'utf8',
  })
  assert.ok(run.stdout, `depcruise printed nothing: ${run.stderr}`)
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations
}

describe('the tier rules', () => {
  const violations = cruise()
  const ruleFor = (from: string) =>
    violations.filter((v) => v.from === from).map((v) => v.rule.name)

  it('refuses an import from a lower tier into a higher one', () => {
    assert.deepEqual(ruleFor('src/platform/jobs/bad-tier.ts'), ['tier-platform'])
  })

  it('refuses an import against the domain order inside a tier', () => {
    assert.deepEqual(ruleFor('src/access/graph/bad-order.ts'), ['order-access-graph'])
  })

  it("refuses reaching into another domain's internals", () => {
    assert.deepEqual(ruleFor('src/access/apply/bad-internals.ts'), [
      'other-domains-through-their-index',
    ])
  })

  it('accepts imports down the tiers and back along the order, through each index', () => {
    assert.deepEqual(ruleFor('src/access/apply/good.ts'), [])
    assert.equal(violations.length, 3)
  })
})
