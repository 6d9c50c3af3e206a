import { ApiError, describeError } from '../../api/client.js'
import type { ReviewItem, ReviewProgress, ReviewStatus } from '../../api/review-types.js'

/** components/badge's Tone, restated so these words load without JSX (their unit test). */
type Tone = 'neutral' | 'good' | 'warn' | 'bad'

/** "3 of 12 decided". */
export function decidedWords(progress: ReviewProgress): string {
  return `${progress.decided} of ${progress.items} decided`
}

/** Where the campaign's revocations stand: "2 awaiting verification · 1 verified". */
export function revocationWords(progress: ReviewProgress): string {
  if (progress.revoked === 0) return 'No revocations'
  return `${progress.awaitingVerification} awaiting verification · ${progress.verified} verified`
}

const STATUS: Record<ReviewStatus, { words: string; tone: Tone }> = {
  open: { words: 'Open', tone: 'warn' },
  closed: { words: 'Closed: revocations being verified', tone: 'neutral' },
  completed: { words: 'Completed', tone: 'good' },
}

export function reviewStatusWords(status: ReviewStatus): string {
  return STATUS[status]?.words ?? status
}

export function reviewStatusTone(status: ReviewStatus): Tone {
  return STATUS[status]?.tone ?? 'neutral'
}

/** What is reviewed: "the Admin role (privileged) in Sana" or "the account ann in Sana". */
export function accessWords(item: ReviewItem): string {
  if (item.entitlement) {
    const privileged = item.entitlement.privileged ? ' (privileged)' : ''
    return `${item.entitlement.name}${privileged} in ${item.app.name}`
  }
  return `account ${item.account.userName} in ${item.app.name}`
}

/** Who holds it: the person's email, else the account's user name. */
export function holderWords(item: ReviewItem): string {
  return item.person.email ?? item.account.userName
}

/** The decision as a short phrase: "Kept", "Revoked (by default)", "Undecided". */
export function decisionWords(item: ReviewItem): string {
  if (!item.decision) return 'Undecided'
  const words = { keep: 'Kept', revoke: 'Revoked', modify: 'Modified' }[item.decision]
  return item.byDefault ? `${words} (by default)` : words
}

export function decisionTone(item: ReviewItem): Tone {
  if (!item.decision) return 'neutral'
  return item.decision === 'keep' ? 'good' : 'bad'
}

/**
 * Why a decision was refused, in words about the item rather than its id: the API's message
 * names the item by id, which the reviewer never sees.
 */
export function refusalWords(error: unknown, item: ReviewItem): string {
  if (!(error instanceof ApiError)) return describeError(error)
  switch (error.code) {
    case 'REVIEW_OWN_ACCESS':
      return `This is your own access (${holderWords(item)}): another reviewer or an admin decides it. Nothing changed.`
    case 'REVIEW_DECISION_FORBIDDEN':
      return `You are not a reviewer of this item: ${item.reviewer ?? 'its reviewers'} or an admin decides it. Nothing changed.`
    case 'REVIEW_CLOSED':
      return 'This campaign is closed: its decisions can no longer change. Reload the page to see where it stands.'
    default:
      return `${error.message} Nothing changed.`
  }
}
