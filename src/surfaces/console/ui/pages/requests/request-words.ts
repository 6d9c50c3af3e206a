import type { AccessRequest, AccessRequestStatus } from '../../api/request-types.js'

/** components/badge's Tone, restated so these words load without JSX (their unit test). */
type Tone = 'neutral' | 'good' | 'warn' | 'bad'

const STATUS: Record<AccessRequestStatus, { words: string; tone: Tone }> = {
  pending: { words: 'Waiting for approval', tone: 'warn' },
  approved: { words: 'Approved', tone: 'good' },
  rejected: { words: 'Rejected', tone: 'bad' },
  cancelled: { words: 'Cancelled', tone: 'neutral' },
  expired: { words: 'Expired', tone: 'neutral' },
  revoked: { words: 'Revoked', tone: 'bad' },
}

export function requestStatusWords(status: AccessRequestStatus): string {
  return STATUS[status]?.words ?? status
}

export function requestStatusTone(status: AccessRequestStatus): Tone {
  return STATUS[status]?.tone ?? 'neutral'
}

/** "1 of 2 approvals" while a two-approver request waits; nothing otherwise. */
export function approvalsWords(request: AccessRequest): string | null {
  if (request.status !== 'pending' || request.policy.approvals < 2) return null
  return `${request.approvals.length} of ${request.policy.approvals} approvals`
}

/** `7d` → `7 days`, `12h` → `12 hours`; anything else as the API wrote it. */
export function durationWords(duration: string): string {
  const match = /^(\d+)([dh])$/.exec(duration)
  if (!match) return duration
  const count = Number(match[1])
  const unit = match[2] === 'd' ? 'day' : 'hour'
  return `${count} ${unit}${count === 1 ? '' : 's'}`
}
