import type { GrantTarget, Operation, PlanSummary } from '../../api/types.js'

/*
 * Operations in words, pure (no component imports), so node's tests can load it: the plan
 * page, the dashboard and the decision buttons all say an operation the same way.
 */

/**
 * An operation in three parts around the person (linked on the plan page) and the app:
 * "Add" · alice@acme.test · "to role Editors" · in Stensul · ", with role Editors".
 */
export type OperationWords = {
  readonly verb: string
  readonly who: string
  /** After the person: the entitlement of a grant operation ("to role Editors"), or empty. */
  readonly target: string
  /** After the app: the grants an account operation carries (", removing role Admin first"). */
  readonly bundle: string
}

export function operationWords(op: Operation): OperationWords {
  const who = op.personEmail ?? op.accountId ?? 'an account'
  const entitlement = op.payload.entitlement
  if (op.kind === 'add_grant' || op.kind === 'remove_grant') {
    const add = op.kind === 'add_grant'
    const target = entitlement ? `${add ? 'to' : 'from'} ${grantName(entitlement)}` : ''
    return { verb: add ? 'Add' : 'Remove', who, target, bundle: '' }
  }
  const verb =
    op.kind === 'task'
      ? `Task: ${sentenceCase(String(op.payload.action ?? 'task'))}`
      : sentenceCase(op.kind)
  return { verb, who, target: '', bundle: bundleWords(op) }
}

/** "Add alice@acme.test to role Editors in Stensul": what an operation does, as one sentence. */
export function operationSentence(op: Operation, app: string): string {
  const w = operationWords(op)
  const target = w.target ? ` ${w.target}` : ''
  return `${w.verb} ${w.who}${target} in ${app}${w.bundle}`
}

/** "role Admin (privileged)": an entitlement by its kind and name, privileged ones marked. */
export function grantName(target: GrantTarget): string {
  return `${target.kind} ${target.displayName}${target.privileged ? ' (privileged)' : ''}`
}

/** ", with role Editors and group sales" / ", removing role Admin first": an account's grants. */
function bundleWords(op: Operation): string {
  const grants = op.payload.grants ?? []
  if (grants.length === 0) return ''
  const names = listWords(grants.map(grantName))
  const removing =
    op.kind === 'deactivate' ||
    op.kind === 'delete' ||
    (op.kind === 'task' && /deactivate|delete/.test(String(op.payload.action ?? '')))
  return removing ? `, removing ${names} first` : `, with ${names}`
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

const COUNTED_KINDS = [
  'create',
  'update',
  'deactivate',
  'reactivate',
  'delete',
  'task',
  'add_grant',
  'remove_grant',
]

/** "31 create, 12 deactivate, 4 add grant": a plan's operations by kind, without the zeros. */
export function describeCounts(plan: PlanSummary): string {
  const parts = COUNTED_KINDS.filter((k) => (plan.counts[k] ?? 0) > 0).map(
    (k) => `${plan.counts[k]} ${k.replace('_', ' ')}`,
  )
  return parts.length > 0 ? parts.join(', ') : 'nothing to do'
}

/** `add_grant` → "Add grant" (components/format's humanize, without its module). */
function sentenceCase(code: string): string {
  const words = code.replace(/[_.]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
