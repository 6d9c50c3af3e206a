import {
  COMMON_RESOURCE_COLUMNS,
  emailsSideTable,
  primaryEmailOf,
  type TableLayout,
} from '../../protocol/scim-sql/index.js'

const PERSON_EMAILS = emailsSideTable('person_emails', 'person_id')

/**
 * The people table for the SCIM filter translation (directory/sql): the same columns as the
 * directory's users, emails in `person_emails`, and `groups` read from the resource JSON, where
 * each source wrote its group names. Assignment rules (`groups.display eq "Engineering" and
 * active eq true`) thus run as SQL over people.
 */
export const PEOPLE_LAYOUT: TableLayout = {
  columns: {
    ...COMMON_RESOURCE_COLUMNS,
    username: { column: 'user_name_key', lowered: true },
    displayname: { column: 'display_name', lowerExpression: true },
    active: { column: 'active', flag: true },
  },
  sideTable: (name) => (name === 'emails' ? PERSON_EMAILS : undefined),
  primaryValue: (name) =>
    name === 'emails' ? primaryEmailOf('person_emails', 'person_id') : undefined,
}
