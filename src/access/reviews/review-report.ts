import type { Actor } from '../../platform/audit/index.js'
import type { ReviewsDeps } from './review-deps.js'
import type { Review, ReviewItem } from './review-types.js'
import { toItem } from './review-views.js'
import { allItems } from './reviews-store.js'

export type ReportFormat = 'json' | 'csv' | 'html'

/**
 * A campaign's report for auditors: every item with its evidence, decision, who decided and
 * when, and for revocations when each was verified. Streamed as text chunks (a 100k-item
 * campaign is never one string in memory): JSON, CSV (formula-safe cells) or a printable HTML
 * page.
 */
export async function* reviewReport(
  deps: Pick<ReviewsDeps, 'db'>,
  review: Review,
  format: ReportFormat,
): AsyncGenerator<string> {
  const items = (async function* () {
    for await (const row of allItems(deps.db, review.id)) yield toItem(row)
  })()
  if (format === 'json') yield* jsonReport(review, items)
  else if (format === 'csv') yield* csvReport(items)
  else yield* htmlReport(review, items)
}

async function* jsonReport(review: Review, items: AsyncIterable<ReviewItem>) {
  yield `{"review":${JSON.stringify(review)},"items":[`
  let first = true
  for await (const item of items) {
    yield `${first ? '' : ','}\n${JSON.stringify(item)}`
    first = false
  }
  yield '\n]}\n'
}

export const REPORT_CSV_COLUMNS = [
  'item_id',
  'kind',
  'app',
  'person_email',
  'account',
  'entitlement',
  'privileged',
  'why',
  'evidence',
  'since',
  'last_login_at',
  'reviewer',
  'decision',
  'reason',
  'note',
  'decided_by',
  'decided_at',
  'by_default',
  'revocation',
  'verified_at',
] as const

function reportRow(item: ReviewItem): Array<string | null> {
  return [
    ...[item.id, item.kind, item.app.name, item.person.email, item.account.userName],
    ...[item.entitlement?.name ?? null, item.entitlement?.privileged ? 'yes' : 'no'],
    ...[item.evidence.reason, item.evidence.words, item.evidence.since, item.evidence.lastLoginAt],
    ...[item.reviewer, item.decision, item.reason, item.note, decidedBy(item)],
    ...[item.decidedAt, item.byDefault ? 'yes' : 'no', item.revocation, item.verifiedAt],
  ]
}

async function* csvReport(items: AsyncIterable<ReviewItem>) {
  yield `${REPORT_CSV_COLUMNS.join(',')}\r\n`
  for await (const item of items) yield `${reportRow(item).map(csvCell).join(',')}\r\n`
}

/** RFC 4180 quoting, and cells a spreadsheet would run as a formula are prefixed with `'`. */
function csvCell(value: string | null): string {
  if (value === null) return ''
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

function decidedBy(item: ReviewItem): string | null {
  if (!item.decidedBy) return null
  if (item.byDefault) return 'default at the due date'
  return item.decidedBy.email ?? actorWords(item.decidedBy.actor)
}

function actorWords(actor: Actor): string {
  return actor.id === null ? actor.type : `${actor.type}:${actor.id}`
}

const html = (text: string | null | undefined) =>
  (text ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

async function* htmlReport(review: Review, items: AsyncIterable<ReviewItem>) {
  const p = review.progress
  yield `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Access review: ${html(review.name)}</title>
<style>body{font:12px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:3px 5px;text-align:left;vertical-align:top}th{background:#eee}@media print{body{margin:0}tr{page-break-inside:avoid}}</style></head><body>
<h1>Access review: ${html(review.name)}</h1>
<p>Status <b>${html(review.status)}</b>; created ${html(review.createdAt)} by ${html(actorWords(review.createdBy))}; due ${html(review.dueAt)} (default: ${html(review.defaultDecision)}); closed ${html(review.closedAt ?? '—')}; completed ${html(review.completedAt ?? '—')}.</p>
<p>${p.items} items: ${p.kept} kept, ${p.revoked} revoked (${p.verified} verified, ${p.awaitingVerification} awaiting verification), ${p.undecided} undecided.</p>
<table><thead><tr><th>App</th><th>Person</th><th>Access</th><th>Why it existed</th><th>Decision</th><th>Decided by, when</th><th>Revocation</th></tr></thead><tbody>\n`
  for await (const item of items) yield htmlRow(item)
  yield '</tbody></table></body></html>\n'
}

function htmlRow(item: ReviewItem): string {
  const access = item.entitlement
    ? `${html(item.entitlement.name)}${item.entitlement.privileged ? ' (privileged)' : ''}`
    : `account ${html(item.account.userName)}`
  const decision = item.decision
    ? `${html(item.decision)}: ${html(item.reason)}${item.note ? ` — ${html(item.note)}` : ''}`
    : 'undecided'
  const revocation = item.revocation
    ? `${html(item.revocation)}${item.verifiedAt ? ` at ${html(item.verifiedAt)}` : ''}`
    : ''
  return `<tr><td>${html(item.app.name)}</td><td>${html(item.person.email)}</td><td>${access}</td><td>${html(item.evidence.words)}</td><td>${decision}</td><td>${html(decidedBy(item))} ${html(item.decidedAt)}</td><td>${revocation}</td></tr>\n`
}
