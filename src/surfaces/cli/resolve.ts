import { ApiError } from '../../shared/api-error.js'
import type { Services } from '../http/index.js'
import { CliError } from './output.js'

type Named = { id: string; name: string }

/**
 * What a command line names, turned into the records it means. Anything a person typed that
 * matches nothing, or more than one thing, is a usage error (exit 2) that says what exists, so a
 * typo never reads as an empty answer ("No open findings" for an app that is not there).
 */

/**
 * The workspace: the one given, else the plan's own (when the command names a plan), else the
 * only workspace there is. Several workspaces and none named is a usage error listing them.
 */
export async function resolveWorkspace(
  services: Services,
  given: string | undefined,
  planId?: string,
): Promise<{ id: string; slug: string }> {
  const all = await services.workspaces.list()
  if (given) {
    const found = all.find((w) => w.slug === given || w.id === given)
    if (!found)
      throw usage(`No workspace '${given}'. Workspaces here: ${listOf(all.map((w) => w.slug))}.`)
    return found
  }
  if (planId) {
    const id = await planWorkspace(services, planId)
    const found = all.find((w) => w.id === id)
    if (found) return found
  }
  const [only] = all
  if (all.length === 1 && only) return only
  throw usage(
    all.length === 0
      ? 'No workspace yet. Create one: rollcall workspace create <slug>'
      : `--workspace <slug> is required: ${listOf(all.map((w) => w.slug))}.`,
  )
}

/** The plan's workspace; an unknown plan id is a usage error too. */
async function planWorkspace(services: Services, planId: string): Promise<string> {
  try {
    return await services.apply.workspaceOf(planId)
  } catch (error) {
    if (error instanceof ApiError) throw usage(`No plan '${planId}'.`)
    throw error
  }
}

/** An app by id or name (case-insensitive), or a usage error naming the apps there are. */
export async function resolveApp(
  services: Services,
  workspaceId: string,
  given: string,
): Promise<Named> {
  const apps = await services.apps.list(workspaceId)
  const key = given.trim().toLowerCase()
  const found = apps.filter((a) => a.id === given || a.name.toLowerCase() === key)
  const [app] = found
  if (found.length === 1 && app) return { id: app.id, name: app.name }
  throw usage(
    found.length > 1
      ? `Several apps match '${given}': ${listOf(found.map((a) => a.id))}; give an id.`
      : `No app '${given}'. Apps here: ${listOf(apps.map((a) => a.name))}.`,
  )
}

/** The app option's id, when one was given. */
export async function appIdOf(
  services: Services,
  workspaceId: string,
  given: string | undefined,
): Promise<string | undefined> {
  return given === undefined ? undefined : (await resolveApp(services, workspaceId, given)).id
}

/**
 * A person by id, email, userName (the graph's own lookup) or display name. Unknown or
 * ambiguous is a usage error.
 */
export async function resolvePerson(
  services: Services,
  workspaceId: string,
  given: string,
): Promise<{ id: string; email: string | null }> {
  try {
    const person = await services.graph.resolvePerson(workspaceId, given)
    return { id: person.id, email: person.email }
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'GRAPH_PERSON_NOT_FOUND')
      throw error instanceof ApiError ? usage(error.message) : error
  }
  const quoted = given.trim().replaceAll('\\', '\\\\').replaceAll('"', '\\"')
  const named = await services.people.list(workspaceId, {
    filter: `displayName eq "${quoted}"`,
    limit: 2,
  })
  const [person] = named
  if (named.length === 1 && person) return { id: person.id, email: person.primaryEmail }
  throw usage(
    named.length > 1
      ? `Several people are named '${given}'; give an email or id.`
      : `No person '${given}' (by id, email, userName or name).`,
  )
}

/** The person option's id, when one was given. */
export async function personIdOf(
  services: Services,
  workspaceId: string,
  given: string | undefined,
): Promise<string | undefined> {
  return given === undefined ? undefined : (await resolvePerson(services, workspaceId, given)).id
}

/** A value that must be one of a few words (`--kind`, `--status`); anything else is usage. */
export function oneOf<T extends string>(
  option: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw usage(`${option} must be one of ${allowed.join(', ')} (got '${value}').`)
}

export function usage(message: string): CliError {
  return new CliError('USAGE', message)
}

/** A short list for a message: the first dozen, and how many in all. */
export function listOf(values: readonly string[]): string {
  if (values.length === 0) return 'none'
  const shown = values.slice(0, 12).join(', ')
  return values.length > 12 ? `${shown}, … (${values.length} in all)` : shown
}
