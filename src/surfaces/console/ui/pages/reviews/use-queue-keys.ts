import type { KeyboardEvent } from 'react'

export type QueueKeyActions = {
  keep(): void
  revoke(): void
  next(): void
  previous(): void
}

/** The shortcuts, as the page shows them. */
export const QUEUE_KEYS = 'K keep · R revoke · J or ↓ next · ↑ previous'

/**
 * The reviewer's queue from the keyboard: K keeps, R revokes, J or ↓ moves to the next item, ↑
 * to the previous one. The keys act only while focus is in the queue (WCAG 2.1.4: single-key
 * shortcuts active only on focus), and never with a modifier (the browser's own shortcuts).
 */
export function queueKeyHandler(actions: QueueKeyActions) {
  return (event: KeyboardEvent<HTMLElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return
    const action = actionOf(event.key)
    if (!action) return
    event.preventDefault()
    actions[action]()
  }
}

/** Which action a key means, or null. */
export function actionOf(key: string): keyof QueueKeyActions | null {
  switch (key) {
    case 'k':
    case 'K':
      return 'keep'
    case 'r':
    case 'R':
      return 'revoke'
    case 'j':
    case 'J':
    case 'ArrowDown':
      return 'next'
    case 'ArrowUp':
      return 'previous'
    default:
      return null
  }
}
