import { useEffect, useRef } from 'react'

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
 * to the previous one. Keys typed into a field (the reason), or with a modifier (the browser's
 * own shortcuts), are left alone.
 */
export function useQueueKeys(enabled: boolean, actions: QueueKeyActions): void {
  const latest = useRef(actions)
  latest.current = actions
  useEffect(() => {
    if (!enabled) return
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return
      const action = actionOf(event.key)
      if (!action) return
      event.preventDefault()
      latest.current[action]()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [enabled])
}

function actionOf(key: string): keyof QueueKeyActions | null {
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

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
}
