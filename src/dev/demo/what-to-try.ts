import type { DemoSummary } from './seed-demo.js'

/** Where the demo runs, for the text: the console URL and the flags a second terminal needs. */
export type DemoPlace = {
  readonly consoleUrl: string
  readonly dataDir: string
  /** Whether the data directory is removed when the demo stops. */
  readonly temporary: boolean
}

/**
 * What the demo prints once it is ready: how to sign in, and a short tour of the console and the
 * CLI over the data it made. Every command works as printed, in a second terminal.
 */
export function whatToTry(summary: DemoSummary, place: DemoPlace): string {
  const f = summary.findings
  const cli = `npx rollcall --data-dir ${quote(place.dataDir)}`
  const ws = `--workspace ${summary.workspace.slug}`
  return [
    '',
    `Rollcall demo is ready: ${place.consoleUrl}`,
    '',
    `  Sign in    workspace ${summary.workspace.slug}, email ${summary.admin.email}, password ${summary.admin.password}`,
    `  People     ${summary.people} from an emulated Okta org; apps: ${summary.apps.map((a) => a.name).join(', ')}`,
    `  Findings   ${f.missing} missing, ${f.residual} residual, ${f.drifted} drifted, ${f.orphan} orphan, ${f.ambiguous} ambiguous (${f.in_sync} in sync)`,
    `  Plan       ${summary.plan.id}: ${summary.plan.held} operation(s) held for approval`,
    `  Access     ${summary.access.mover} moved into Marketing: the plan swaps their Reviewer role for Creator in Stensul; ${summary.access.privileged} holds Admin, which no rule grants (its removal waits for approval)`,
    '',
    'What to try',
    '  1. Sign in, and read the dashboard: open findings and the held plan.',
    '  2. Findings: filter by kind (residual: people who left, account still active) and by app.',
    '  3. Plans: open the plan, approve one held deactivation, reject another.',
    '  4. People: open a person and see their accounts across Sana, Stensul and Samepage.',
    '  5. In a second terminal, the same data from the CLI:',
    `       ${cli} findings ${ws} --kind residual`,
    `       ${cli} findings ${ws} --app Samepage`,
    `       ${cli} plan show ${summary.plan.id}`,
    `       ${cli} offboard ${summary.offboardExample} ${ws}`,
    `       ${cli} access ${summary.access.mover} ${ws}`,
    '     (`plan show` prints the plan above; `plan` alone computes a new one. `offboard` is a',
    '     dry run: add --apply --wait to carry it out, Samepage’s step is a task for its owner.)',
    '',
    place.temporary
      ? `Data: ${place.dataDir} (removed when the demo stops). Ctrl-C stops the demo.`
      : `Data: ${place.dataDir} (kept). Ctrl-C stops the demo.`,
    '',
  ].join('\n')
}

/** Shell-quotes a path only when it needs it. */
function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`
}
