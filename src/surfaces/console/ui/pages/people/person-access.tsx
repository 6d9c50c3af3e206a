import { getPersonAccess, personAccessPath } from '../../api/access.js'
import type {
  AccessAccount,
  AccessGrant,
  GrantReason,
  PersonAccessApp,
  PersonDetail,
} from '../../api/types.js'
import { useResource } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { Badge, type Tone } from '../../components/badge.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { Table } from '../../components/table.js'
import { PrivilegedBadge } from '../shared/privileged-badge.js'
import { type AccountState, accountState, describeAccess, howLinked } from './access-words.js'

const STATE_TONES: Record<AccountState, Tone> = {
  active: 'good',
  deactivated: 'warn',
  removed: 'neutral',
}

/** The reason's kind as a badge; the words beside it say the rest. */
const REASON_BADGES: Record<GrantReason['kind'], { label: string; tone: Tone }> = {
  rule: { label: 'by rule', tone: 'good' },
  exception: { label: 'exception', tone: 'warn' },
  none: { label: 'no rule', tone: 'neutral' },
}

/**
 * What the person can reach, app by app (issue 15): their accounts, and the groups, roles,
 * licenses and permissions those accounts hold, each with why it exists.
 */
export function PersonAccess({ person }: { person: PersonDetail }) {
  const { resource, reload } = useResource(personAccessPath(person.id), (api) =>
    getPersonAccess(api, person.id),
  )
  return (
    <Loaded resource={resource} what="access" retry={reload}>
      {(access) =>
        access.apps.length === 0 ? (
          <p className="empty">No accounts in any connected app yet.</p>
        ) : (
          <>
            <p>{describeAccess(access)}</p>
            {access.apps.map((entry) => (
              <AppAccess key={entry.app.id} entry={entry} />
            ))}
          </>
        )
      }
    </Loaded>
  )
}

/** One app: a heading, the accounts, and the grants of those accounts. */
function AppAccess({ entry }: { entry: PersonAccessApp }) {
  const { app } = entry
  const accounts = new Map(entry.accounts.map((account) => [account.id, account]))
  return (
    <div className="access-app">
      <h3>
        <Link to={`/apps/${encodeURIComponent(app.id)}`}>{app.name}</Link>
      </h3>
      <AccountsTable appName={app.name} accounts={entry.accounts} />
      <GrantsTable appName={app.name} grants={entry.grants} accounts={accounts} />
    </div>
  )
}

function AccountsTable({ appName, accounts }: { appName: string; accounts: AccessAccount[] }) {
  return (
    <Table
      caption={`Accounts in ${appName}`}
      rows={accounts}
      rowKey={(a) => a.id}
      empty={`No account in ${appName}.`}
      columns={[
        { header: 'User name', cell: (a) => a.userName },
        {
          header: 'State',
          cell: (a) => {
            const state = accountState(a)
            return <Badge tone={STATE_TONES[state]}>{state}</Badge>
          },
        },
        { header: 'How linked', cell: (a) => howLinked(a) },
        { header: 'Why', cell: (a) => a.why },
      ]}
    />
  )
}

function GrantsTable({
  appName,
  grants,
  accounts,
}: {
  appName: string
  grants: AccessGrant[]
  accounts: ReadonlyMap<string, AccessAccount>
}) {
  const several = accounts.size > 1
  return (
    <Table
      caption={`Grants in ${appName}`}
      rows={grants}
      rowKey={(g) => g.id}
      empty={`No groups, roles, licenses or permissions in ${appName}.`}
      columns={[
        {
          header: 'Entitlement',
          cell: (g) => (
            <>
              {g.entitlementName} {g.privileged ? <PrivilegedBadge /> : null}
            </>
          ),
        },
        { header: 'Kind', cell: (g) => g.kind },
        ...(several
          ? [
              {
                header: 'Account',
                cell: (g: AccessGrant) => accounts.get(g.accountId)?.userName ?? g.accountId,
              },
            ]
          : []),
        { header: 'Since', cell: (g) => <DateTime value={g.since} /> },
        { header: 'Why', cell: (g) => <Reason reason={g.reason} /> },
      ]}
    />
  )
}

function Reason({ reason }: { reason: GrantReason }) {
  const badge = REASON_BADGES[reason.kind]
  return (
    <>
      <Badge tone={badge.tone}>{badge.label}</Badge> {reason.words}
    </>
  )
}
