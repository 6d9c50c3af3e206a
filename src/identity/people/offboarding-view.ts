import type { Actor } from '../../platform/audit/index.js'
import type { Db } from '../../platform/store/index.js'
import { memberEmail } from '../members/index.js'
import { currentOffboarding } from './offboarding-store.js'

/** A standing offboarding as the console shows it: who (in words), when and why. */
export type OffboardingView = { readonly by: string; readonly at: string; readonly reason: string }

/**
 * The person's standing offboarding, with who decided named the way people read it: a member by
 * email, anything else by its kind ("cli", "api_token …"). Null when none stands.
 */
export async function offboardingView(
  db: Db,
  workspaceId: string,
  personId: string,
): Promise<OffboardingView | null> {
  const standing = await currentOffboarding(db, workspaceId, personId)
  if (!standing) return null
  return {
    by: await actorWords(db, workspaceId, standing.by),
    at: standing.at,
    reason: standing.reason,
  }
}

/**
 * Who decided, in words: a member by email (looked up in the workspace when the actor carries
 * only an id), anything else by its kind and id ("cli alice", "api_token …").
 */
export async function actorWords(
  db: Db,
  workspaceId: string,
  actor: Actor & { email?: string },
): Promise<string> {
  if (actor.email) return actor.email
  if (actor.type === 'user' && actor.id) {
    const email = await memberEmail(db, workspaceId, actor.id)
    if (email !== undefined) return email
  }
  return `${actor.type}${actor.id ? ` ${actor.id}` : ''}`
}
