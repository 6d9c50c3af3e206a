import os from 'node:os'
import type { Actor } from '../../platform/audit/index.js'
import type { Services } from '../http/index.js'
import { listOf, usage } from './resolve.js'

/** `--as <member email>`: the workspace member a person at the terminal acts for. */
export const AS_OPTION = ['--as <email>', 'record the decision as this workspace member'] as const

/**
 * Who is at the terminal, for the audit trail: the OS user, and the workspace member they act
 * as when `--as` names one (checked against the members, so the trail never names a stranger).
 * The actor's id carries both in words (`alice as grace@acme.test`); the console and the CSV
 * export show it as written.
 */
export async function cliOperator(
  services: Services,
  workspaceId: string,
  as: string | undefined,
): Promise<Actor> {
  const user = osUser()
  if (as === undefined) return { type: 'cli', id: user }
  const member = await services.members.findByEmail(workspaceId, as.trim())
  if (!member) {
    const emails = (await services.members.list(workspaceId)).map((m) => m.email)
    throw usage(`--as ${as}: no such member of this workspace (members: ${listOf(emails)}).`)
  }
  return { type: 'cli', id: `${user} as ${member.email}` }
}

/** The OS user running this process, by name. */
export function osUser(): string {
  try {
    return os.userInfo().username
  } catch {
    // No passwd entry (a container's arbitrary uid): the environment is the next best witness.
    return process.env.USER ?? process.env.LOGNAME ?? `uid ${process.getuid?.() ?? 'unknown'}`
  }
}
