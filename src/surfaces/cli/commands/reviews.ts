import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { finished } from 'node:stream/promises'
import type { Command } from 'commander'
import type { Caller, ReportFormat, Review } from '../../../access/reviews/index.js'
import type { Services } from '../../http/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { resolveWorkspace, usage } from '../resolve.js'
import { readJsonFile } from './app-rules.js'
import { CLI_ACTOR } from './workspace.js'

type WorkspaceFlag = { workspace?: string }
type DecideFlags = WorkspaceFlag & {
  items?: string
  app?: string
  entitlement?: string
  person?: string
  decision: string
  reason: string
  note?: string
  as?: string
}

/**
 * `rollcall review create|list|show|decide|close|report`: access review campaigns (the same
 * service as `/api/reviews`). The CLI acts as an admin, or as a member with `--as <email>` (a
 * reviewer deciding their queue; their own access is refused as over the API).
 */
export function registerReviews(program: Command): void {
  const review = program.command('review').description('access review campaigns (issue 18)')
  const run = (
    command: Command,
    body: (
      services: Services,
      out: Parameters<Parameters<typeof withServices>[1]>[1],
    ) => Promise<void>,
  ) => withServices(command.optsWithGlobals<GlobalOptions>(), body)

  review
    .command('create')
    .description('start a campaign from a JSON file: {name, scope, reviewers, dueAt, default}')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--config-file <file>', 'the campaign as JSON')
    .option('--json', 'print one JSON object')
    .action(async (options: WorkspaceFlag & { configFile: string }, command: Command) => {
      await run(command, async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const body = readJsonFile(options.configFile)
        const created = await services.reviews.create(workspace.id, body, CLI_ACTOR)
        output.result(created, () => `Created review ${created.id}: ${reviewLine(created)}`)
      })
    })

  review
    .command('list')
    .description('the campaigns of the workspace, newest first')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--status <status>', 'open, closed or completed')
    .option('--json', 'print one JSON object')
    .action(async (options: WorkspaceFlag & { status?: string }, command: Command) => {
      await run(command, async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const reviews = await services.reviews.list(workspace.id, options.status)
        output.result({ reviews }, () =>
          reviews.length === 0
            ? 'No access reviews.'
            : reviews.map((r) => `${r.id}  ${reviewLine(r)}`).join('\n'),
        )
      })
    })

  review
    .command('show <id>')
    .description('a campaign and its progress')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (id: string, options: WorkspaceFlag, command: Command) => {
      await run(command, async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const shown = await services.reviews.get(workspace.id, id)
        output.result(shown, () => reviewLine(shown))
      })
    })

  review
    .command('decide <id>')
    .description(
      'keep, revoke or modify items: listed (--items) or by filter (--app, --entitlement, --person)',
    )
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--items <ids>', 'item ids, comma-separated (all or nothing)')
    .option('--app <id>', 'every undecided item of this app')
    .option('--entitlement <id>', 'every undecided item of this entitlement')
    .option('--person <id>', 'every undecided item of this person')
    .requiredOption('--decision <decision>', 'keep, revoke or modify (grants only, with --note)')
    .requiredOption('--reason <text>', 'why (in the report)')
    .option('--note <text>', 'modify: what should change instead')
    .option('--as <email>', 'decide as this member (a reviewer), not as an admin')
    .option('--json', 'print one JSON object')
    .action(async (id: string, options: DecideFlags, command: Command) => {
      await run(command, async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const caller = await callerOf(services, workspace.id, options.as)
        const decision = {
          decision: options.decision,
          reason: options.reason,
          ...(options.note ? { note: options.note } : {}),
        }
        const result = options.items
          ? await services.reviews.decide(
              workspace.id,
              id,
              { ...decision, items: options.items.split(',').map((s) => s.trim()) },
              caller,
            )
          : await services.reviews.decideBulk(
              workspace.id,
              id,
              { ...decision, filter: filterOf(options) },
              caller,
            )
        output.result(result, () => `Decided ${result.decided} item(s): ${options.decision}.`)
      })
    })

  review
    .command('close <id>')
    .description('close a campaign (before its due date only when every item is decided)')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (id: string, options: WorkspaceFlag, command: Command) => {
      await run(command, async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const closed = await services.reviews.close(workspace.id, id, CLI_ACTOR)
        output.result(closed, () => reviewLine(closed))
      })
    })

  review
    .command('report <id>')
    .description('the campaign’s report for auditors (json, csv or a printable html page)')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--format <format>', 'json, csv or html', 'json')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(
      async (
        id: string,
        options: WorkspaceFlag & { format: string; out?: string },
        command: Command,
      ) => {
        await run(command, async (services) => {
          const workspace = await resolveWorkspace(services, options.workspace)
          if (!['json', 'csv', 'html'].includes(options.format))
            throw usage('--format: json, csv or html.')
          await services.reviews.get(workspace.id, id)
          const chunks = services.reviews.report(workspace.id, id, options.format as ReportFormat)
          const sink = options.out ? createWriteStream(options.out) : process.stdout
          for await (const chunk of chunks) if (!sink.write(chunk)) await once(sink, 'drain')
          if (options.out && 'end' in sink) {
            sink.end()
            await finished(sink)
          }
        })
      },
    )
}

function reviewLine(r: Review): string {
  const p = r.progress
  return `${r.name} [${r.status}] due ${r.dueAt} (default ${r.defaultDecision}): ${p.decided}/${p.items} decided, ${p.revoked} revoked (${p.verified} verified, ${p.awaitingVerification} awaiting)`
}

function filterOf(options: DecideFlags): Record<string, string> {
  const filter = {
    ...(options.app ? { appId: options.app } : {}),
    ...(options.entitlement ? { entitlementId: options.entitlement } : {}),
    ...(options.person ? { personId: options.person } : {}),
  }
  if (Object.keys(filter).length === 0)
    throw usage('Say which items: --items, --app, --entitlement or --person.')
  return filter
}

/** The CLI as an admin, or as a member (`--as`): their role's permissions, their own access refused. */
async function callerOf(
  services: Services,
  workspaceId: string,
  as: string | undefined,
): Promise<Caller> {
  if (!as) return { scopes: ['integrations:read', 'integrations:manage'], actor: CLI_ACTOR }
  const member = await services.members.findByEmail(workspaceId, as)
  if (!member) throw usage(`--as: ${as} is not a member of this workspace.`)
  const admin = member.role === 'owner' || member.role === 'admin'
  return {
    scopes: admin ? ['integrations:read', 'integrations:manage'] : ['integrations:read'],
    actor: { type: 'user', id: member.id },
  }
}
