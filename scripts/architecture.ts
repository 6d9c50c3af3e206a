// The architecture, read off the code: which domain owns (writes) which table and who else reads
// it, where SQL runs, how deep the domain import chain is. `npm run architecture` prints the
// report; `--write` regenerates the generated parts of docs/architecture.md; `--check` (in
// `npm run lint`) fails when a table has more than one writer, a domain opens a transaction
// itself instead of using the store's `transact`, or the document is out of date.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

type Layer = readonly [tier: string, domains: readonly string[]]
const { LAYERS } = createRequire(import.meta.url)('./layers.cjs') as { LAYERS: readonly Layer[] }

const DOC = 'docs/architecture.md'
const DOMAINS = LAYERS.flatMap(([, domains]) => domains)

/** Files allowed to run SQL: stores, repositories, the store itself and the filter→SQL compiler. */
const SQL_HOMES = [
  /-(store|repository)\.ts$/,
  /^src\/platform\/store\//,
  /^src\/protocol\/scim-sql\//,
]

const BUILDER =
  /\.(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin)\(\s*['"]([a-z_]+)/g
const RAW_SQL = /\bsql(?:<[^>]*>)?`([^`]*)`/g
const RAW_TABLE = /\b(insert\s+into|update|delete\s+from|from|join)\s+"?([a-z_]+)/gi
const RUNS_SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql(?:<[^>]*>)?`/
const OPENS_TRANSACTION = /\.(transaction|startTransaction)\(\)/

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name)
    if (entry.isDirectory())
      return entry.name === 'ui' || entry.name === 'migrations' ? [] : sourceFiles(file)
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [file] : []
  })
}

const sources = new Map<string, string>()

/** Each source file is read once, whatever number of questions are asked of it. */
function sourceOf(file: string): string {
  let text = sources.get(file)
  if (text === undefined) {
    text = readFileSync(file, 'utf8')
    sources.set(file, text)
  }
  return text
}

function domainOf(file: string): string {
  if (file === 'src/main.ts') return 'main'
  return (
    DOMAINS.find((domain) => file.startsWith(`src/${domain}/`)) ?? (file.split('/')[1] as string)
  )
}

function tableNames(files: readonly string[]): Set<string> {
  const text = sourceOf(files.find((f) => f.endsWith('/store/database.ts')) as string)
  const body = text.slice(text.indexOf('export interface Database'))
  return new Set([...body.matchAll(/^\s{2}([a-z_]+): [A-Z]\w*/gm)].map((m) => m[1] as string))
}

type Access = { writers: Map<string, Set<string>>; readers: Map<string, Set<string>> }

function note(map: Map<string, Set<string>>, table: string, who: string): void {
  map.set(table, (map.get(table) ?? new Set()).add(who))
}

function tableAccess(files: readonly string[], tables: Set<string>): Access {
  const access: Access = { writers: new Map(), readers: new Map() }
  for (const file of files) {
    const text = sourceOf(file)
    const domain = domainOf(file)
    for (const [, verb, table] of text.matchAll(BUILDER)) {
      if (!tables.has(table as string)) continue
      const writes = verb === 'insertInto' || verb === 'updateTable' || verb === 'deleteFrom'
      note(writes ? access.writers : access.readers, table as string, domain)
    }
    for (const [, body] of text.matchAll(RAW_SQL))
      for (const [, verb, table] of (body as string).matchAll(RAW_TABLE)) {
        if (!tables.has(table as string)) continue
        const writes = !/^(from|join)$/i.test(verb as string)
        note(writes ? access.writers : access.readers, table as string, domain)
      }
  }
  return access
}

/** The longest chain of domain imports (A imports B imports C …), counted in steps. */
function importDepth(files: readonly string[]): number {
  const edges = new Map<string, Set<string>>()
  for (const file of files) {
    const from = domainOf(file)
    for (const [, spec] of sourceOf(file).matchAll(/from '(\.[^']+)'/g)) {
      const to = domainOf(
        path.posix.normalize(path.posix.join(path.posix.dirname(file), spec as string)),
      )
      if (to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to))
    }
  }
  const memo = new Map<string, number>()
  const depth = (node: string, seen: Set<string>): number => {
    if (memo.has(node)) return memo.get(node) as number
    if (seen.has(node)) return 0
    seen.add(node)
    const next = [...(edges.get(node) ?? [])].map((to) => 1 + depth(to, seen))
    seen.delete(node)
    const value = Math.max(0, ...next)
    memo.set(node, value)
    return value
  }
  return Math.max(...[...edges.keys()].map((node) => depth(node, new Set())))
}

function tierPicture(): string {
  const rows = [...LAYERS].reverse().map(([tier, domains]) => {
    const names =
      domains.length === 1 && domains[0] === tier
        ? '(the kernel: imports nothing of ours)'
        : domains.map((domain) => domain.split('/').pop()).join(' → ')
    return `│ ${tier.padEnd(12)} │ ${names.padEnd(74)} │`
  })
  const line = (left: string, mid: string, right: string) =>
    `${left}${'─'.repeat(14)}${mid}${'─'.repeat(76)}${right}`
  return [
    '```',
    line('┌', '┬', '┐'),
    rows.join(`\n${line('├', '┼', '┤')}\n`),
    line('└', '┴', '┘'),
    '```',
  ].join('\n')
}

function ownershipTable(access: Access, tables: Set<string>): string {
  const rows = [...tables].sort().map((table) => {
    const writers = [...(access.writers.get(table) ?? [])].sort()
    const readers = [...(access.readers.get(table) ?? [])]
      .filter((d) => !writers.includes(d))
      .sort()
    const owner =
      writers.length > 0 ? writers.map((w) => `\`${w}\``).join(', ') : '— (migrations only)'
    return `| \`${table}\` | ${owner} | ${readers.map((r) => `\`${r}\``).join(', ') || '—'} |`
  })
  return [
    '| table | owner (the one domain that writes it) | also read by |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n')
}

function replaceBetween(text: string, name: string, content: string): string {
  const start = `<!-- generated:${name} -->`
  const end = `<!-- /generated:${name} -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < 0) throw new Error(`${DOC} lacks the ${start} … ${end} markers`)
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`
}

const files = sourceFiles('src')
const tables = tableNames(files)
const access = tableAccess(files, tables)
const shared = [...access.writers].filter(([, writers]) => writers.size > 1)
const sqlFiles = files.filter((file) => RUNS_SQL.test(sourceOf(file)))
const sqlAway = sqlFiles.filter((file) => !SQL_HOMES.some((home) => home.test(file)))
const transactions = files.filter(
  (file) => !file.startsWith('src/platform/store/') && OPENS_TRANSACTION.test(sourceOf(file)),
)
const topLevel = readdirSync('src').filter((name) => !name.startsWith('.'))

const mode = process.argv.includes('--check')
  ? 'check'
  : process.argv.includes('--write')
    ? 'write'
    : 'report'
const generatedDoc = () => {
  const doc = replaceBetween(readFileSync(DOC, 'utf8'), 'tiers', tierPicture())
  return replaceBetween(doc, 'tables', ownershipTable(access, tables))
}
if (mode === 'report') {
  console.log(`top-level entries under src/: ${topLevel.length} (${topLevel.join(', ')})`)
  console.log(
    `domains: ${DOMAINS.length} in ${LAYERS.length} tiers; longest domain import chain: ${importDepth(files)} steps`,
  )
  console.log(
    `tables: ${tables.size}; written by more than one domain: ${shared.length}${shared.map(([t, w]) => `\n  ${t}: ${[...w].join(', ')}`).join('')}`,
  )
  console.log(
    `files running SQL: ${sqlFiles.length}; outside store/repository files: ${sqlAway.length}${sqlAway.map((f) => `\n  ${f}`).join('')}`,
  )
  console.log(
    `files opening a transaction themselves: ${transactions.length}${transactions.map((f) => `\n  ${f}`).join('')}`,
  )
}
if (mode === 'write') writeFileSync(DOC, generatedDoc())
if (mode === 'check') {
  const problems = [
    ...shared.map(
      ([table, writers]) =>
        `table ${table} is written by ${[...writers].join(' and ')}: one domain owns it, the others ask it`,
    ),
    ...transactions.map((file) => `${file} opens a transaction itself: use the store's transact`),
    ...(generatedDoc() === readFileSync(DOC, 'utf8')
      ? []
      : [`${DOC} is out of date: run npm run architecture -- --write`]),
  ]
  for (const problem of problems) console.error(problem)
  process.exitCode = problems.length > 0 ? 1 : 0
}
