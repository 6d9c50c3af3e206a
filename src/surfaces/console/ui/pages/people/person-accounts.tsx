import type { Account, App, PersonDetail } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { Badge } from '../../components/badge.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { Table } from '../../components/table.js'
import { appName, useApps } from '../shared/app-names.js'
import { LinkPicture } from './link-picture.js'
import { personName } from './person-name.js'

/** Every account the identity graph links to this person, drawn and listed. */
export function PersonAccounts({ person }: { person: PersonDetail }) {
  const { resource, reload } = useApi<{ accounts: Account[] }>(
    `/api/accounts?person=${encodeURIComponent(person.id)}&limit=1000`,
  )
  const apps = useApps()
  return (
    <Loaded resource={resource} what="accounts" retry={reload}>
      {({ accounts }) => (
        <>
          <LinkPicture
            person={personName(person)}
            links={accounts.map((account) => ({
              id: account.id,
              app: appName(apps, account.appId),
              account: account.userName,
              active: account.active && !account.removedAt,
              how: howLinked(account),
            }))}
          />
          <AccountsTable accounts={accounts} apps={apps} />
        </>
      )}
    </Loaded>
  )
}

/** "userName rule", "linked by hand". */
function howLinked(account: Account): string {
  if (account.linkKind === 'manual') return 'linked by hand'
  return account.linkRule ? `matched on ${account.linkRule}` : account.linkState
}

function AccountsTable({
  accounts,
  apps,
}: {
  accounts: Account[]
  apps: ReadonlyMap<string, App>
}) {
  return (
    <Table
      caption="Accounts of this person"
      captionHidden
      rows={accounts}
      rowKey={(a) => a.id}
      empty="No account in any connected app is linked to this person."
      columns={[
        {
          header: 'App',
          cell: (a) => (
            <Link to={`/apps/${encodeURIComponent(a.appId)}`}>{appName(apps, a.appId)}</Link>
          ),
        },
        { header: 'Account', cell: (a) => a.userName },
        {
          header: 'State',
          cell: (a) =>
            a.removedAt ? (
              <Badge tone="neutral">removed</Badge>
            ) : a.active ? (
              <Badge tone="good">active</Badge>
            ) : (
              <Badge tone="warn">inactive</Badge>
            ),
        },
        { header: 'Link', cell: (a) => howLinked(a) },
        { header: 'First seen', cell: (a) => <DateTime value={a.firstSeenAt} /> },
      ]}
    />
  )
}
