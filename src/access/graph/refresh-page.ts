import type { RemoteAccount } from '../../integrations/connectors/index.js'
import type { EventLog } from '../../platform/events/index.js'
import { type Db, decodeJson, type Row } from '../../platform/store/index.js'
import type { IdGenerator } from '../../shared/ids.js'
import { attributeChanges, type StoredAccount } from './account-diff.js'
import { type AccountRecord, toAccountRecord } from './account-record.js'
import {
  accountAttributes,
  accountsByRemoteId,
  insertAccounts,
  markAccountsSeen,
  updateAccount,
} from './accounts-store.js'
import {
  type CorrelationTarget,
  correlateAccounts,
  type LinkScope,
  linkColumns,
  writeCandidates,
} from './correlate-accounts.js'
import type { Decision } from './correlation.js'
import { type ChangeInput, recordChanges } from './graph-changes.js'
import { chunks } from './graph-store.js'
import type { AccountAttributes, RefreshCounts } from './types.js'

export type PageContext = {
  readonly scope: LinkScope
  readonly snapshotId: string
  readonly now: string
  readonly ids: IdGenerator
  readonly events: EventLog
}

type Existing = Pick<
  Row<'accounts'>,
  'id' | 'remote_id' | 'fingerprint' | 'person_id' | 'link_state' | 'link_kind' | 'removed_at'
> &
  Pick<Row<'accounts'>, 'active' | 'inactive_since'>

/** What one listed account means for the graph. */
type Step = {
  readonly record: AccountRecord
  readonly id: string
  readonly existing?: Existing
  readonly kind: 'created' | 'restored' | 'updated' | 'unchanged'
  /** New, restored or still unlinked: correlation decides again (links by rule are sticky). */
  readonly correlate: boolean
}

/**
 * Writes one page of a listing inside the caller's transaction: new accounts, changed ones,
 * ones that came back, and (for those not linked yet) what correlation decided; then their
 * changes and events. Unchanged, linked accounts cost one batched "seen" update.
 */
export async function writePage(
  trx: Db,
  context: PageContext,
  items: readonly RemoteAccount[],
  counts: RefreshCounts,
): Promise<void> {
  const records = [...new Map(items.map((i) => [i.id, toAccountRecord(i)])).values()]
  const existing = await loadExisting(trx, context.scope.appId, records)
  const steps = records.map((record) => stepFor(record, existing.get(record.remoteId), context.ids))
  const targets: CorrelationTarget[] = steps
    .filter((s) => s.correlate)
    .map((s) => ({ accountId: s.id, keys: s.record.keys }))
  const decisions = await correlateAccounts(trx, context.scope, targets)
  const changes = [
    ...(await insertNew(trx, context, steps, decisions)),
    ...(await updateKnown(trx, context, steps, decisions)),
  ]
  await markSeen(trx, context, steps, decisions)
  await writeCandidates(trx, context.scope, decisions)
  await recordChanges(trx, context.events, { ...context.scope, ...context }, changes)
  for (const step of steps) if (step.kind !== 'restored') counts[step.kind] += 1
  counts.restored += steps.filter((s) => s.kind === 'restored').length
  counts.listed += steps.length
  counts.active += steps.filter((s) => s.record.active).length
}

async function loadExisting(trx: Db, appId: string, records: readonly AccountRecord[]) {
  const found = new Map<string, Existing>()
  for (const part of chunks(records.map((r) => r.remoteId))) {
    const rows = await accountsByRemoteId(trx, appId, part)
    for (const row of rows) found.set(row.remote_id, row)
  }
  return found
}

function stepFor(record: AccountRecord, existing: Existing | undefined, ids: IdGenerator): Step {
  if (!existing) return { record, id: ids.next(), kind: 'created', correlate: true }
  const unlinked = existing.link_kind === null
  if (existing.removed_at !== null) {
    const correlate = existing.link_kind !== 'manual'
    return { record, id: existing.id, existing, kind: 'restored', correlate }
  }
  const kind = existing.fingerprint === record.fingerprint ? 'unchanged' : 'updated'
  return { record, id: existing.id, existing, kind, correlate: unlinked }
}

function recordColumns(record: AccountRecord, now: string, existing?: Existing) {
  const wasInactiveSince = existing?.active === 0 ? existing.inactive_since : null
  return {
    user_name: record.userName,
    user_name_key: record.keys.userName,
    external_id_key: record.keys.externalId ?? null,
    email_key: record.keys.primaryEmail ?? null,
    employee_number: record.keys.employeeNumber ?? null,
    display_name: record.displayName,
    active: record.active ? 1 : 0,
    attributes: JSON.stringify(record.attributes),
    fingerprint: record.fingerprint,
    inactive_since: record.active ? null : (wasInactiveSince ?? now),
    updated_at: now,
  }
}

const summary = (record: AccountRecord) => ({
  userName: record.userName,
  active: record.active,
  email: record.keys.primaryEmail ?? null,
})

async function insertNew(
  trx: Db,
  context: PageContext,
  steps: readonly Step[],
  decisions: ReadonlyMap<string, Decision>,
): Promise<ChangeInput[]> {
  const created = steps.filter((s) => s.kind === 'created')
  const rows = created.map((step) => {
    const decision = decisions.get(step.id) ?? { kind: 'orphan' as const }
    return {
      id: step.id,
      workspace_id: context.scope.workspaceId,
      app_id: context.scope.appId,
      remote_id: step.record.remoteId,
      ...recordColumns(step.record, context.now),
      ...linkColumns(decision, context.now),
      seen_snapshot_id: context.snapshotId,
      first_seen_at: context.now,
      removed_at: null,
    }
  })
  for (const part of chunks(rows, 200)) await insertAccounts(trx, part)
  return created.flatMap((step) => {
    const decision = decisions.get(step.id) ?? { kind: 'orphan' as const }
    const personId = decision.kind === 'linked' ? decision.personId : null
    return [
      { accountId: step.id, personId, change: 'created' as const, after: summary(step.record) },
      linkChange(step.id, decision),
    ]
  })
}

function linkChange(accountId: string, decision: Decision): ChangeInput {
  if (decision.kind === 'linked') {
    return {
      accountId,
      personId: decision.personId,
      change: 'linked',
      after: { personId: decision.personId, rule: decision.rule },
    }
  }
  if (decision.kind === 'ambiguous') {
    return {
      accountId,
      personId: null,
      change: 'ambiguous',
      after: { candidates: decision.candidates, reason: decision.reason },
    }
  }
  return { accountId, personId: null, change: 'orphaned' }
}

/** Changed, restored, or newly decided accounts: one UPDATE each (few per refresh). */
async function updateKnown(
  trx: Db,
  context: PageContext,
  steps: readonly Step[],
  decisions: ReadonlyMap<string, Decision>,
): Promise<ChangeInput[]> {
  const changes: ChangeInput[] = []
  const stored = await loadStored(
    trx,
    steps.filter((s) => s.kind === 'updated').map((s) => s.id),
  )
  for (const step of steps) {
    const existing = step.existing
    const decision = decisions.get(step.id)
    const relinked = decision !== undefined && existing && linkDiffers(existing, decision)
    if (!existing || (step.kind === 'unchanged' && !relinked)) continue
    await updateAccount(trx, step.id, {
      ...(step.kind === 'unchanged' ? {} : recordColumns(step.record, context.now, existing)),
      ...(decision ? linkColumns(decision, context.now) : {}),
      seen_snapshot_id: context.snapshotId,
      removed_at: null,
    })
    const personId = decision?.kind === 'linked' ? decision.personId : existing.person_id
    if (step.kind !== 'unchanged') changes.push(recordChange(step, personId, stored.get(step.id)))
    if (decision && relinked) changes.push(linkChange(step.id, decision))
  }
  return changes
}

/** An updated account says what changed (before and after); others what the account now is. */
function recordChange(step: Step, personId: string | null, stored?: StoredAccount): ChangeInput {
  const base = { accountId: step.id, personId }
  if (step.kind === 'updated' && stored)
    return { ...base, change: 'updated', ...attributeChanges(stored, step.record) }
  return {
    ...base,
    change: step.kind === 'updated' ? 'updated' : 'restored',
    after: summary(step.record),
  }
}

/** The stored attributes of the accounts a page changed (few per refresh), before the update. */
async function loadStored(trx: Db, ids: readonly string[]): Promise<Map<string, StoredAccount>> {
  const found = new Map<string, StoredAccount>()
  for (const part of chunks(ids)) {
    const rows = await accountAttributes(trx, part)
    for (const row of rows)
      found.set(row.id, {
        active: row.active === 1,
        attributes: decodeJson<AccountAttributes>(row.attributes),
      })
  }
  return found
}

function linkDiffers(existing: Existing, decision: Decision): boolean {
  const personId = decision.kind === 'linked' ? decision.personId : null
  return existing.link_state !== decision.kind || existing.person_id !== personId
}

async function markSeen(
  trx: Db,
  context: PageContext,
  steps: readonly Step[],
  decisions: ReadonlyMap<string, Decision>,
): Promise<void> {
  const seen = steps.filter((s) => {
    const decision = decisions.get(s.id)
    const relinked = decision !== undefined && s.existing && linkDiffers(s.existing, decision)
    return s.kind === 'unchanged' && !relinked
  })
  for (const part of chunks(seen.map((s) => s.id))) {
    await markAccountsSeen(trx, part, context.snapshotId)
  }
}
