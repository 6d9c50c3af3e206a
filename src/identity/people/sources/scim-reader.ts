import type { Db } from '../../../platform/store/index.js'
import { err, ok, type Result } from '../../../shared/result.js'
import type { DirectoryReader, DirectoryUser } from '../../directory/index.js'
import { toSourceRecord } from '../person-record.js'
import type { SourceRecord } from '../types.js'
import type { FullReader, RecordPage, SyncFailure } from './reader.js'

const PAGE = 500

/** A directory user as a source record: the stored SCIM User with its groups, keyed by id. */
export function directoryRecord(user: DirectoryUser): Result<SourceRecord, string> {
  return toSourceRecord(user.id, { ...user.resource, groups: user.groups })
}

/**
 * The full listing of an inbound SCIM directory: our own tables, read in id order. Complete by
 * construction, so its absences are trustworthy (the safety rule still applies).
 */
export function scimFullReader(
  db: Db,
  directories: DirectoryReader,
  directoryId: string,
): FullReader {
  return {
    async page(cursor): Promise<Result<RecordPage, SyncFailure>> {
      if ((await directories.workspaceOf(db, directoryId)) === undefined) {
        return err({
          code: 'SOURCE_DIRECTORY_GONE',
          message: `the SCIM directory ${directoryId} no longer exists`,
        })
      }
      const users = await directories.users(db, directoryId, {
        limit: PAGE,
        ...(cursor ? { afterId: cursor } : {}),
      })
      const records: SourceRecord[] = []
      for (const user of users) {
        const record = directoryRecord(user)
        if (record.ok) records.push(record.value)
      }
      const last = users.at(-1)
      return ok(users.length === PAGE && last ? { records, nextCursor: last.id } : { records })
    },
  }
}
