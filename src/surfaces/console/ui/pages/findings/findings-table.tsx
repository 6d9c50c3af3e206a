import type { App, Finding } from '../../api/types.js'
import { Link } from '../../app/router.js'
import { Badge } from '../../components/badge.js'
import { DateTime } from '../../components/format.js'
import { Table } from '../../components/table.js'
import { appName } from '../shared/app-names.js'
import { evidenceLines, KIND_MEANINGS, KIND_TONES, subjectOf } from './finding-words.js'

/** Findings with their evidence (folded, one disclosure per row, so the table stays readable). */
export function FindingsTable({
  findings,
  apps,
  caption,
  empty,
}: {
  findings: readonly Finding[]
  apps: ReadonlyMap<string, App>
  caption: string
  empty: string
}) {
  return (
    <Table
      caption={caption}
      captionHidden
      rows={findings}
      rowKey={(f) => `${f.appId}|${f.subjectKey}`}
      empty={empty}
      columns={[
        {
          header: 'Kind',
          cell: (f) => <Badge tone={KIND_TONES[f.kind]}>{f.kind}</Badge>,
        },
        {
          header: 'Who or what',
          cell: (f) =>
            f.personId ? (
              <Link to={`/people/${encodeURIComponent(f.personId)}`}>{subjectOf(f)}</Link>
            ) : (
              subjectOf(f)
            ),
        },
        {
          header: 'App',
          cell: (f) => (
            <Link to={`/apps/${encodeURIComponent(f.appId)}`}>{appName(apps, f.appId)}</Link>
          ),
        },
        { header: 'Since', cell: (f) => <DateTime value={f.since} /> },
        { header: 'Evidence', cell: (f) => <Evidence finding={f} /> },
      ]}
    />
  )
}

function Evidence({ finding }: { finding: Finding }) {
  const lines = evidenceLines(finding.evidence)
  return (
    <details className="evidence">
      <summary>
        {KIND_MEANINGS[finding.kind]}
        <span className="visually-hidden"> ({subjectOf(finding)}): evidence</span>
      </summary>
      <dl>
        {lines.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </details>
  )
}
