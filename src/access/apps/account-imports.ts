import { z } from 'zod'
import { getCatalogEntry } from '../../integrations/catalog/index.js'
import type {
  ImportedAccount,
  ImportedAccountsSource,
} from '../../integrations/connectors/index.js'
import type { Actor, AuditLog } from '../../platform/audit/index.js'
import { type Db, decodeJson, type Transact } from '../../platform/store/index.js'
import type { Clock } from '../../shared/clock.js'
import { type CsvRow, type LineProblem, readCsvTable } from '../../shared/csv-table.js'
import type { IdGenerator } from '../../shared/ids.js'
import { err, ok, type Result } from '../../shared/result.js'
import {
  deleteImportedAccounts,
  importedAccountsPage,
  insertAccountImport,
  insertImportedAccounts,
  latestAccountImport,
} from './account-imports-store.js'
import { appErrors } from './apps-errors.js'
import { findApp } from './apps-store.js'
import {
  ENTITLEMENT_HEADERS,
  importEntitlementType,
  parseEntitlementNames,
} from './import-entitlements.js'

/** Which header holds what; defaults recognise the usual export headers (case-insensitive). */
export type AccountColumns = {
  userName?: string
  email?: string
  displayName?: string
  active?: string
  id?: string
  /** `;`-separated names of the account's roles (groups…): its grants (issue 15). */
  entitlements?: string
}

const DEFAULTS: Record<keyof AccountColumns, string[]> = {
  userName: ['username', 'user name', 'login'],
  email: ['email', 'e-mail', 'mail', 'email address'],
  displayName: ['name', 'display name', 'displayname', 'full name'],
  active: ['active', 'status', 'state'],
  id: ['id', 'user id', 'member id'],
  entitlements: ENTITLEMENT_HEADERS,
}

const INACTIVE = new Set(['false', 'no', '0', 'inactive', 'disabled', 'deactivated', 'suspended'])
const email = z.email()

export type ImportInput = {
  readonly text: string
  readonly fileName: string
  readonly columns?: AccountColumns
  readonly skipBadLines?: boolean
}

export type ImportSummary = {
  importId: string
  accounts: number
  active: number
  /** Grants named by the entitlements column (issue 15); 0 without one. */
  grants: number
  skipped: LineProblem[]
}

/**
 * Uploads of an app's user export (apps without an API): who still has an account, so
 * reconciliation can see it. Each import replaces the app's previous one in one transaction;
 * with any invalid line nothing is written, unless the admin asks to skip bad lines.
 */
export function createAccountImports(deps: {
  db: Db
  transact: Transact
  clock: Clock
  ids: IdGenerator
  audit: AuditLog
}) {
  const source: ImportedAccountsSource = {
    async importedAccounts(query) {
      const latest = await latestAccountImport(deps.db, query.workspaceId, query.appId)
      if (!latest) return undefined
      const rows = await importedAccountsPage(deps.db, query.appId, query)
      const accounts: ImportedAccount[] = rows.map((r) => ({
        key: r.account_key,
        userName: r.user_name,
        active: r.active === 1,
        ...(r.account_id ? { accountId: r.account_id } : {}),
        ...(r.display_name ? { displayName: r.display_name } : {}),
        ...entitlementsOf(r.raw),
      }))
      return { importedAt: latest.imported_at, accounts }
    },
  }

  return {
    source,
    async importCsv(
      workspaceId: string,
      appId: string,
      input: ImportInput,
      actor: Actor,
    ): Promise<ImportSummary> {
      const app = await findApp(deps.db, workspaceId, appId)
      const entry = app ? getCatalogEntry(app.catalog_id) : undefined
      const read = readAccounts(input, importEntitlementType(entry))
      if (!read.ok) throw invalid(read.error)
      const { accounts, problems } = read.value
      if (problems.length > 0 && !input.skipBadLines) throw invalid(problems)
      const importId = deps.ids.next()
      const now = deps.clock.now().toISOString()
      const summary = {
        importId,
        accounts: accounts.length,
        active: accounts.filter((a) => a.active).length,
        grants: accounts.reduce((sum, a) => sum + (a.entitlements?.length ?? 0), 0),
        skipped: problems,
      }
      await deps.transact(async (trx) => {
        await deleteImportedAccounts(trx, appId)
        for (let start = 0; start < accounts.length; start += 500) {
          const chunk = accounts.slice(start, start + 500).map((a) => ({
            app_id: appId,
            account_key: a.key,
            workspace_id: workspaceId,
            import_id: importId,
            account_id: a.accountId ?? null,
            user_name: a.userName,
            email: a.key.includes('@') ? a.key : null,
            display_name: a.displayName ?? null,
            active: a.active ? 1 : 0,
            raw: JSON.stringify(a),
          }))
          await insertImportedAccounts(trx, chunk)
        }
        const counts = JSON.stringify({
          accounts: summary.accounts,
          active: summary.active,
          grants: summary.grants,
          skipped: problems.length,
        })
        await insertAccountImport(trx, {
          id: importId,
          workspace_id: workspaceId,
          app_id: appId,
          file_name: input.fileName,
          counts,
          imported_at: now,
        })
        await deps.audit.record(trx, {
          workspaceId,
          actor,
          action: 'app.accounts_imported',
          target: { type: 'app', id: appId },
          after: {
            importId,
            fileName: input.fileName,
            accounts: summary.accounts,
            grants: summary.grants,
            skipped: problems.length,
          },
        })
      })
      return summary
    },
  }
}

export type AccountImports = ReturnType<typeof createAccountImports>

function invalid(problems: readonly LineProblem[]): Error {
  const shown = problems.slice(0, 20).map((p) => `line ${p.line}: ${p.message}`)
  return appErrors.error(
    'ACCOUNT_IMPORT_INVALID',
    `${problems.length} invalid line(s); nothing was imported. ${shown.join('; ')}`,
    { problems },
  )
}

/** The names an imported account's stored line gives (the `raw` JSON of the parsed line). */
function entitlementsOf(raw: unknown): { entitlements?: string[] } {
  const line = decodeJson<{ entitlements?: unknown }>(raw)
  const names = Array.isArray(line.entitlements)
    ? line.entitlements.filter((n): n is string => typeof n === 'string')
    : []
  return names.length > 0 ? { entitlements: names } : {}
}

type Parsed = ImportedAccount & { line: number }

function readAccounts(
  input: ImportInput,
  entitlementType: Result<unknown, string>,
): Result<{ accounts: Parsed[]; problems: LineProblem[] }, LineProblem[]> {
  const read = readCsvTable(input.text)
  if (!read.ok) return err([read.error])
  const headers = read.value.table.headers
  const unknown = Object.keys(input.columns ?? {}).filter((name) => !(name in DEFAULTS))
  if (unknown.length > 0)
    return err([
      {
        line: 1,
        message: `unknown column mapping(s): ${unknown.join(', ')} (known: ${Object.keys(DEFAULTS).join(', ')})`,
      },
    ])
  // A mapped entitlements column for an app that cannot take them is an error; a header that
  // merely looks like one (an export's "Role" column) is left alone there, as before.
  if (input.columns?.entitlements && !entitlementType.ok)
    return err([{ line: 1, message: entitlementType.error }])
  const column = (name: keyof AccountColumns) =>
    name === 'entitlements' && !entitlementType.ok
      ? undefined
      : (input.columns?.[name] ?? headers.find((h) => DEFAULTS[name].includes(h.toLowerCase())))
  const missing = Object.values(input.columns ?? {}).filter((h) => !headers.includes(h))
  if (missing.length > 0)
    return err([{ line: 1, message: `mapped column(s) not in the header: ${missing.join(', ')}` }])
  if (!column('email') && !column('userName'))
    return err([{ line: 1, message: 'no email or userName column' }])
  const problems = [...read.value.problems]
  const accounts = new Map<string, Parsed>()
  for (const row of read.value.table.rows) {
    const parsed = toAccount(row, column)
    if (!parsed.ok) problems.push({ line: row.line, message: parsed.error })
    else if (accounts.has(parsed.value.key)) {
      problems.push({
        line: row.line,
        message: `${parsed.value.key} is also on line ${accounts.get(parsed.value.key)?.line}`,
      })
    } else accounts.set(parsed.value.key, parsed.value)
  }
  return ok({
    accounts: [...accounts.values()],
    problems: problems.sort((a, b) => a.line - b.line),
  })
}

function toAccount(
  row: CsvRow,
  column: (name: keyof AccountColumns) => string | undefined,
): Result<Parsed, string> {
  const cell = (name: keyof AccountColumns) => {
    const header = column(name)
    const value = header ? row.cells[header] : undefined
    return value ? value : undefined
  }
  const mail = cell('email')
  if (mail && !email.safeParse(mail).success) return err(`email: "${mail}" is not an email address`)
  const userName = cell('userName') ?? mail
  if (!userName) return err('an email or userName is required')
  const id = cell('id')
  const name = cell('displayName')
  const entitlements = parseEntitlementNames(cell('entitlements'))
  if (!entitlements.ok) return err(entitlements.error)
  return ok({
    line: row.line,
    key: (mail ?? userName).toLowerCase(),
    userName,
    active: !INACTIVE.has((cell('active') ?? 'active').toLowerCase()),
    ...(id ? { accountId: id } : {}),
    ...(name ? { displayName: name } : {}),
    ...(entitlements.value.length > 0 ? { entitlements: entitlements.value } : {}),
  })
}
