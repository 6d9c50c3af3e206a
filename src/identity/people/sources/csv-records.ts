import { z } from 'zod'
import { type CsvRow, type LineProblem, readCsvTable } from '../../../shared/csv-table.js'
import { err, ok, type Result } from '../../../shared/result.js'
import { ENTERPRISE_URN, toSourceRecord } from '../person-record.js'
import type { SourceRecord } from '../types.js'
import type { StoredCsvConfig } from './source-config.js'

/** Headers recognised without a mapping (case-insensitive), per SCIM attribute path. */
const DEFAULT_HEADERS: Readonly<Record<string, readonly string[]>> = {
  userName: ['username', 'user name', 'login', 'user_name'],
  emails: ['email', 'emails', 'mail', 'e-mail', 'work email'],
  'name.givenName': ['givenname', 'firstname', 'first name', 'first_name'],
  'name.familyName': ['familyname', 'lastname', 'last name', 'last_name'],
  displayName: ['displayname', 'display name', 'full name'],
  externalId: ['externalid', 'employeeid', 'employee id', 'employee_id'],
  active: ['active', 'status'],
  title: ['title', 'job title'],
  [`${ENTERPRISE_URN}:department`]: ['department', 'dept'],
  [`${ENTERPRISE_URN}:employeeNumber`]: ['employeenumber', 'employee number'],
  [`${ENTERPRISE_URN}:manager`]: ['manager', 'manager email'],
  groups: ['groups', 'teams'],
}

const ACTIVE: Readonly<Record<string, boolean>> = {
  true: true,
  yes: true,
  '1': true,
  active: true,
  enabled: true,
  false: false,
  no: false,
  '0': false,
  inactive: false,
  disabled: false,
  terminated: false,
  suspended: false,
}

export type CsvRead = { records: SourceRecord[]; problems: LineProblem[]; lines: number }

/**
 * A CSV export of people → source records. Columns are mapped to SCIM attributes (the config's
 * `columns`, else well-known headers); every line is validated and every problem reported with
 * its line number, so an admin fixes the file in one pass.
 */
export function readCsvPeople(
  text: string,
  config: StoredCsvConfig,
): Result<CsvRead, LineProblem[]> {
  const read = readCsvTable(text, { delimiter: config.delimiter })
  if (!read.ok) return err([read.error])
  const mapping = mapColumns(read.value.table.headers, config.columns)
  if (!mapping.ok) return err([{ line: 1, message: mapping.error }])
  const key = config.key ?? (mapping.value.externalId ? 'externalId' : 'userName')
  const problems = [...read.value.problems]
  const records: SourceRecord[] = []
  const lineOfKey = new Map<string, number>()
  for (const row of read.value.table.rows) {
    const record = toRecord(row, mapping.value, key)
    if (!record.ok) {
      problems.push({ line: row.line, message: record.error })
      continue
    }
    const first = lineOfKey.get(record.value.key)
    if (first !== undefined) {
      problems.push({
        line: row.line,
        message: `${key} "${record.value.key}" is also on line ${first}`,
      })
      continue
    }
    lineOfKey.set(record.value.key, row.line)
    records.push(record.value)
  }
  problems.sort((a, b) => a.line - b.line)
  return ok({ records, problems, lines: read.value.table.rows.length + read.value.problems.length })
}

type Mapping = Record<string, string>

function mapColumns(
  headers: readonly string[],
  explicit?: Record<string, string>,
): Result<Mapping, string> {
  if (explicit) {
    const missing = Object.values(explicit).filter((h) => !headers.includes(h))
    if (missing.length > 0) return err(`mapped column(s) not in the header: ${missing.join(', ')}`)
    return ok({ ...explicit })
  }
  const mapping: Mapping = {}
  for (const [path, names] of Object.entries(DEFAULT_HEADERS)) {
    const header = headers.find((h) => names.includes(h.toLowerCase()) || h === path)
    if (header) mapping[path] = header
  }
  if (!mapping.userName && !mapping.emails)
    return err('no userName or email column (map one with "columns")')
  return ok(mapping)
}

const email = z.email()

function toRecord(
  row: CsvRow,
  mapping: Mapping,
  key: 'externalId' | 'userName' | 'emails',
): Result<SourceRecord, string> {
  const cell = (path: string) => {
    const header = mapping[path]
    const value = header === undefined ? '' : (row.cells[header] ?? '')
    return value === '' ? undefined : value
  }
  const mail = cell('emails')
  if (mail !== undefined && !email.safeParse(mail).success)
    return err(`emails: "${mail}" is not an email address`)
  const userName = cell('userName') ?? mail
  if (!userName) return err('userName (or an email) is required')
  const activeText = cell('active')?.toLowerCase()
  const active = activeText === undefined ? true : ACTIVE[activeText]
  if (active === undefined)
    return err(`active: "${cell('active')}" is not true/false, yes/no, active/inactive`)
  const raw = buildUser(Object.keys(mapping), cell, { userName, mail, active })
  const keyValue = key === 'emails' ? mail : key === 'userName' ? userName : cell('externalId')
  if (!keyValue) return err(`${key} (the record key) is empty`)
  const record = toSourceRecord(keyValue.toLowerCase(), raw)
  return record.ok ? record : err(record.error)
}

/** The mapped cells as a SCIM User; sub-attributes (`name.givenName`) and the extension nest. */
function buildUser(
  paths: readonly string[],
  cell: (path: string) => string | undefined,
  base: { userName: string; mail: string | undefined; active: boolean },
): Record<string, unknown> {
  const { userName, mail, active } = base
  const user: Record<string, unknown> = { userName, active }
  const enterprise: Record<string, unknown> = {}
  for (const path of paths) {
    const value = cell(path)
    if (value === undefined || ['userName', 'emails', 'active', 'groups'].includes(path)) continue
    if (path.startsWith(ENTERPRISE_URN)) {
      const name = path.slice(ENTERPRISE_URN.length + 1)
      enterprise[name] = name === 'manager' ? { value } : value
    } else if (path.startsWith('name.')) {
      user.name = { ...(user.name as object | undefined), [path.slice(5)]: value }
    } else user[path] = value
  }
  if (mail) user.emails = [{ value: mail, type: 'work', primary: true }]
  const groups = cell('groups')
    ?.split(/[;|]/)
    .map((g) => g.trim())
    .filter(Boolean)
  if (groups?.length) user.groups = groups.map((display) => ({ value: display, display }))
  if (Object.keys(enterprise).length > 0) user[ENTERPRISE_URN] = enterprise
  return user
}
