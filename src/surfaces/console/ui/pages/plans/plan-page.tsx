import type { App, Operation, PlanView } from '../../api/types.js'
import type { PageProps } from '../../app/pages.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { Badge } from '../../components/badge.js'
import { Fact, Facts } from '../../components/facts.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { useNotice } from '../../components/notice.js'
import { PageHeader } from '../../components/page-header.js'
import { Section } from '../../components/section.js'
import { Table } from '../../components/table.js'
import { appName, useApps } from '../shared/app-names.js'
import { DecisionButton } from './decision-button.js'
import { PlanMovers, PlanNotes } from './plan-notes.js'
import {
  describeCounts,
  describeOperation,
  describeScope,
  operationWords,
  statusTone,
  statusWords,
} from './plan-words.js'

/** One plan: what it would change, what waits for approval (decide here), and every operation. */
export function PlanPage({ params }: PageProps) {
  const id = params.id ?? ''
  const { resource, reload } = useApi<PlanView>(`/api/plans/${encodeURIComponent(id)}`)
  const apps = useApps()
  const [notice, showNotice] = useNotice()
  const decided = (_plan: PlanView, message: string) => {
    showNotice(message)
    reload()
  }
  return (
    <>
      {notice}
      <Loaded resource={resource} what="this plan" retry={reload}>
        {(plan) => (
          <>
            <PageHeader title={plan.title} description={plan.headline} />
            <Summary plan={plan} apps={apps} />
            <PlanNotes plan={plan} />
            <PlanMovers plan={plan} />
            <Section title="Waiting for approval">
              <Held plan={plan} apps={apps} onDecided={decided} />
            </Section>
            <Section title="Operations">
              <Operations plan={plan} apps={apps} />
            </Section>
          </>
        )}
      </Loaded>
    </>
  )
}

function Summary({ plan, apps }: { plan: PlanView; apps: ReadonlyMap<string, App> }) {
  return (
    <Facts>
      <Fact label="Status">
        <Badge tone={statusTone(plan.status)}>{statusWords(plan.status)}</Badge>
      </Fact>
      <Fact label="Made">
        <DateTime value={plan.createdAt} />
      </Fact>
      <Fact label="Scope">{describeScope(plan, apps)}</Fact>
      <Fact label="Operations">{describeCounts(plan)}</Fact>
      <Fact label="Decided">
        {plan.counts.approved ?? 0} approved, {plan.counts.rejected ?? 0} rejected
      </Fact>
      <Fact label="Plan id">
        <code>{plan.id}</code>
      </Fact>
    </Facts>
  )
}

function Held({
  plan,
  apps,
  onDecided,
}: {
  plan: PlanView
  apps: ReadonlyMap<string, App>
  onDecided: (plan: PlanView, message: string) => void
}) {
  const byId = new Map(plan.operations.map((op) => [op.id, op]))
  const held = plan.held.map((h) => ({ ...h, operation: byId.get(h.operationId) }))
  if (held.length === 0) return <p className="empty">Nothing in this plan waits for approval.</p>
  const all = `${held.length} held operation${held.length === 1 ? '' : 's'} of this plan`
  return (
    <>
      <div className="row-actions">
        <DecisionButton
          planId={plan.id}
          decision="approve"
          label="Approve all"
          what={all}
          onDecided={onDecided}
        />
        <DecisionButton
          planId={plan.id}
          decision="reject"
          label="Reject all"
          what={all}
          onDecided={onDecided}
        />
      </div>
      <Table
        caption="Operations waiting for approval"
        captionHidden
        rows={held}
        rowKey={(h) => h.operationId}
        empty={null}
        columns={[
          {
            header: 'Operation',
            cell: (h) =>
              h.operation ? <OperationText op={h.operation} apps={apps} /> : h.operationId,
          },
          { header: 'Why it is held', cell: (h) => h.reason },
          {
            header: 'Expires',
            cell: (h) => <DateTime value={h.operation?.expiresAt ?? null} fallback="Never" />,
          },
          {
            header: 'Decide',
            cell: (h) => {
              const what = h.operation ? describeOperation(h.operation, apps) : h.operationId
              const props = { planId: plan.id, operationId: h.operationId, what, onDecided }
              return (
                <div className="row-actions">
                  <DecisionButton {...props} decision="approve" label="Approve" />
                  <DecisionButton {...props} decision="reject" label="Reject" />
                </div>
              )
            },
          },
        ]}
      />
    </>
  )
}

function OperationText({ op, apps }: { op: Operation; apps: ReadonlyMap<string, App> }) {
  const words = operationWords(op)
  return (
    <>
      {words.verb}{' '}
      {op.personId ? (
        <Link to={`/people/${encodeURIComponent(op.personId)}`}>{words.who}</Link>
      ) : (
        words.who
      )}{' '}
      {words.target ? `${words.target} ` : ''}in{' '}
      <Link to={`/apps/${encodeURIComponent(op.appId)}`}>{appName(apps, op.appId)}</Link>
      {words.bundle}
    </>
  )
}

function Operations({ plan, apps }: { plan: PlanView; apps: ReadonlyMap<string, App> }) {
  return (
    <>
      {plan.nextAfter !== undefined ? (
        <p className="muted">
          The first {plan.operations.length} operations are shown; the CLI lists them all (
          <code>rollcall plan show {plan.id}</code>).
        </p>
      ) : null}
      <Table
        caption="Every operation of the plan"
        captionHidden
        rows={plan.operations}
        rowKey={(op) => op.id}
        empty="This plan changes nothing: every app matches."
        columns={[
          { header: '#', kind: 'num', cell: (op) => String(op.position + 1) },
          { header: 'Operation', cell: (op) => <OperationText op={op} apps={apps} /> },
          { header: 'Because', cell: (op) => statusWords(op.findingKind) },
          {
            header: 'Status',
            cell: (op) => <Badge tone={statusTone(op.status)}>{op.status}</Badge>,
          },
          {
            header: 'Decision',
            cell: (op) =>
              op.decidedAt ? (
                <>
                  <DateTime value={op.decidedAt} />
                  {op.decisionReason ? `: ${op.decisionReason}` : ''}
                </>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </>
  )
}
