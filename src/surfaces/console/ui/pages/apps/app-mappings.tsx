import type { App } from '../../api/types.js'
import { Fact, Facts } from '../../components/facts.js'
import { humanize } from '../../components/format.js'
import { Table } from '../../components/table.js'
import { describeAssignment } from './app-words.js'

/**
 * Who gets an account, how accounts are matched to people, what happens when someone should no
 * longer have one, and the attribute mappings (app attribute ← expression over the person).
 */
export function AppMappings({ app }: { app: App }) {
  const rows = Object.entries(app.mappings).map(([attribute, mapping]) =>
    typeof mapping === 'string'
      ? { attribute, expression: mapping, apply: 'always' }
      : { attribute, expression: mapping.expression, apply: mapping.apply },
  )
  return (
    <>
      <Facts>
        <Fact label="Who gets an account">{describeAssignment(app.assignment)}</Fact>
        {app.correlation ? (
          <Fact label="Accounts matched on">{app.correlation.rules.join(', then ')}</Fact>
        ) : null}
        {app.policy ? (
          <>
            <Fact label="When someone should lose access">{humanize(app.policy.deprovision)}</Fact>
            <Fact label="Accounts nobody matches">{humanize(app.policy.orphans)}</Fact>
            <Fact label="Needs approval">
              {app.policy.approve.map(humanize).join(', ') || 'Nothing'}
            </Fact>
            <Fact label="Held when removing more than">
              {app.policy.safety.maxCount} accounts or{' '}
              {Math.round(app.policy.safety.maxShare * 100)}%
            </Fact>
          </>
        ) : null}
      </Facts>
      <Table
        caption="Attribute mappings"
        rows={rows}
        rowKey={(row) => row.attribute}
        empty="No mappings: the app gets the catalog's default attributes."
        columns={[
          { header: 'App attribute', cell: (row) => <code>{row.attribute}</code> },
          {
            header: 'From the person',
            cell: (row) => <code className="break">{row.expression}</code>,
          },
          {
            header: 'Applied',
            cell: (row) => (row.apply === 'on_create' ? 'On create only' : 'Always'),
          },
        ]}
      />
    </>
  )
}
