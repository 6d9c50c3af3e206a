import { type Db, type Dialect, decodeJson } from '../../platform/store/index.js'
import { parseFilter } from '../../protocol/scim/filter/index.js'
import { listAmbiguities } from './ambiguity-store.js'
import { type OffboardingView, offboardingView } from './offboarding-view.js'
import { peopleErrors } from './people-errors.js'
import { listPeople, peopleStore } from './people-store.js'
import { recordsOfPerson } from './sources/source-record-store.js'
import type { Person, PersonStatus } from './types.js'

export type PeopleListQuery = {
  /** A SCIM filter over people (RFC 7644 §3.4.2.2), e.g. `groups.display eq "Engineering"`. */
  readonly filter?: string
  /** Plain text: a case-insensitive "contains" on names, the user name and emails. */
  readonly q?: string
  readonly status?: PersonStatus
  readonly after?: string
  readonly limit?: number
}

/** How many people a workspace has, by status. */
export type PeopleCounts = { total: number; active: number; inactive: number; gone: number }

export type Ambiguity = {
  readonly sourceId: string
  readonly recordKey: string
  readonly candidates: ReadonlyArray<{ personId: string; matchedOn: string[] }>
  readonly reason: string
  readonly updatedAt: string
}

/** Reads people: by SCIM filter (as SQL), by id, where they came from, and the ambiguities. */
export function createPeopleService(deps: { db: Db; dialect: Dialect }) {
  const { db, dialect } = deps
  return {
    async list(workspaceId: string, query: PeopleListQuery = {}): Promise<Person[]> {
      const parsed = query.filter === undefined ? undefined : parseFilter(query.filter)
      if (parsed && !parsed.ok)
        throw peopleErrors.error('PEOPLE_FILTER_INVALID', parsed.error.detail)
      return listPeople(db, dialect, workspaceId, {
        limit: Math.max(1, Math.min(query.limit ?? 100, 1000)),
        ...(parsed?.ok ? { filter: parsed.value } : {}),
        ...(query.q ? { text: query.q } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.after ? { afterId: query.after } : {}),
      })
    },

    async get(workspaceId: string, id: string): Promise<Person> {
      const person = await peopleStore(db).load(workspaceId, id)
      if (!person)
        throw peopleErrors.error('PERSON_NOT_FOUND', `No person '${id}' in this workspace.`)
      return person
    },

    /** The admin's standing offboarding of this person, in words, or null (issue 19). */
    offboarding(workspaceId: string, personId: string): Promise<OffboardingView | null> {
      return offboardingView(db, workspaceId, personId)
    },

    /** People by status: one grouped count, for the console's dashboard. */
    async counts(workspaceId: string): Promise<PeopleCounts> {
      const rows = await peopleStore(db).countByStatus(workspaceId)
      const counts: PeopleCounts = { total: 0, active: 0, inactive: 0, gone: 0 }
      for (const row of rows) {
        const count = Number(row.count)
        counts.total += count
        if (row.status === 'active' || row.status === 'inactive' || row.status === 'gone')
          counts[row.status] += count
      }
      return counts
    },

    /** The records that make up a person: which source, its key, whether it says they left. */
    async records(workspaceId: string, personId: string) {
      const rows = await recordsOfPerson(db, workspaceId, personId)
      return rows.map((r) => ({
        sourceId: r.source_id,
        key: r.record_key,
        goneAt: r.gone_at,
        updatedAt: r.updated_at,
      }))
    },

    /** Records that matched more than one person (or a taken one): for the identity graph. */
    async ambiguities(workspaceId: string): Promise<Ambiguity[]> {
      const rows = await listAmbiguities(db, workspaceId)
      return rows.map((row) => ({
        sourceId: row.source_id,
        recordKey: row.record_key,
        candidates: decodeJson(row.candidates),
        reason: row.reason,
        updatedAt: row.updated_at,
      }))
    },
  }
}

export type PeopleService = ReturnType<typeof createPeopleService>
