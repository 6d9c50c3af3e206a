import type { Store } from './db.js'

/** Told after every write transaction of this process commits (issue 16). */
export type CommitSignal = {
  /** Calls `listener` after each commit; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
}

/**
 * The store with an in-process signal after each `transact` commits: the background workers
 * (the SCIM event follower, automatic offboarding, webhooks, the apply worker) wake on the write
 * that gave them work instead of waiting for their next poll, which stays as the fallback (and
 * the only way to hear of another process's writes). Listeners only schedule a round, so the
 * write path pays a function call per listener.
 */
export function signalCommits<S extends Store>(store: S): S & { readonly commits: CommitSignal } {
  const listeners = new Set<() => void>()
  const notify = () => {
    for (const listener of listeners) listener()
  }
  return {
    ...store,
    async transact(work) {
      const value = await store.transact(work)
      notify()
      return value
    },
    commits: {
      subscribe(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
  }
}
