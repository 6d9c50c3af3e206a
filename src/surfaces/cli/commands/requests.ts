import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import type { AccessRequest, Caller } from '../../../access/requests/index.js'
import type { Services } from '../../http/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { AS_OPTION, cliOperator } from '../operator.js'
import { resolveApp, resolveWorkspace, usage } from '../resolve.js'

type Common = { workspace?: string; as?: string }

/**
 * `rollcall request create|list|show|approve|reject|cancel|revoke` and `rollcall request policy
 * <app> [--config-file]`: the access requests of `/api/access-requests` (issue 18) from the
 * terminal. The CLI works on the database as an admin; `--as <member>` says which member acts
 * (who asks, who approves: nobody approves their own request, two approvals need two people).
 */
export function registerRequests(program: Command): void {
  const request = program
    .command('request')
    .description('access requests: ask for an entitlement or an account for a time; decide')

  withCommon(request.command('create'))
    .description('ask for an entitlement (or, without --entitlement, an account) in an app')
    .requiredOption('--app <app>', 'the app (name or id)')
    .option('--entitlement <ref>', 'the entitlement: id, the app’s own id, or exact name')
    .option('--person <ref>', 'whose access (id or email; default: the member of --as)')
    .requiredOption('--reason <text>', 'why (shown to approvers, audited)')
    .requiredOption('--duration <d>', 'how long, e.g. 7d or 12h')
    .action(async (options: Common & CreateFlags, command: Command) => {
      await run(command, options, async (services, workspaceId, caller) => {
        const app = await resolveApp(services, workspaceId, options.app)
        const body = {
          ...{ appId: app.id, reason: options.reason, duration: options.duration },
          ...(options.entitlement ? { entitlementId: options.entitlement } : {}),
          ...(options.person ? { personId: options.person } : {}),
        }
        return services.requests.create(workspaceId, body, caller)
      })
    })

  withCommon(request.command('list'))
    .description('requests, newest first (--mine, --to-approve, --status, --app)')
    .option('--mine', 'the ones --as filed')
    .option('--to-approve', 'pending ones --as may approve')
    .option('--status <status>', 'pending, approved, rejected, cancelled, expired or revoked')
    .option('--app <app>', 'one app (name or id)')
    .action(async (options: Common & ListFlags, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const caller = await callerOf(services, workspace.id, options.as)
        const appId = options.app
          ? (await resolveApp(services, workspace.id, options.app)).id
          : undefined
        const items = await services.requests.list(
          workspace.id,
          {
            ...{ mine: options.mine === true, toApprove: options.toApprove === true },
            ...(options.status ? { status: options.status } : {}),
            ...(appId ? { appId } : {}),
          },
          caller,
        )
        output.result({ items }, () =>
          items.length === 0 ? 'No access requests.' : items.map(requestLine).join('\n'),
        )
      })
    })

  withCommon(request.command('show <id>'))
    .description('one request with its approvals')
    .action(async (id: string, options: Common, command: Command) => {
      await run(command, options, (services, workspaceId) => services.requests.get(workspaceId, id))
    })

  for (const verb of ['approve', 'reject', 'cancel', 'revoke'] as const) {
    withCommon(request.command(`${verb} <id>`))
      .description(DECISIONS[verb])
      .option('--reason <text>', 'why (required but for cancel)')
      .action(async (id: string, options: Common & { reason?: string }, command: Command) => {
        await run(command, options, (services, workspaceId, caller) =>
          services.requests[verb](workspaceId, id, { reason: options.reason }, caller),
        )
      })
  }

  request
    .command('policy <app>')
    .description("an app's request policies; with --config-file, replace them")
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--config-file <file>', 'JSON: {"app": {...}, "entitlements": {"<ref>": {...}}}')
    .option('--json', 'print one JSON object')
    .action(async (ref: string, options: PolicyFlags, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const app = await resolveApp(services, workspace.id, ref)
        const actor = await cliOperator(services, workspace.id, undefined)
        const policies = options.configFile
          ? await services.requestPolicies.put(
              workspace.id,
              app.id,
              readJson(options.configFile),
              actor,
            )
          : await services.requestPolicies.get(workspace.id, app.id)
        output.result(policies, () => JSON.stringify(policies, null, 2))
      })
    })
}

type CreateFlags = {
  app: string
  entitlement?: string
  person?: string
  reason: string
  duration: string
}
type ListFlags = { mine?: boolean; toApprove?: boolean; status?: string; app?: string }
type PolicyFlags = { workspace?: string; configFile?: string }

const DECISIONS = {
  approve: 'approve a pending request (the last approval needed grants the access)',
  reject: 'reject a pending request',
  cancel: 'withdraw a pending request (its requester, or an admin)',
  revoke: 'end granted access before its time (admins)',
} as const

function withCommon(command: Command): Command {
  return command
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option(...AS_OPTION)
    .option('--json', 'print one JSON object')
}

/** The CLI as the policies see it: an admin, the member of `--as` when given. */
async function callerOf(services: Services, workspaceId: string, as?: string): Promise<Caller> {
  const actor = await cliOperator(services, workspaceId, as)
  const member = as ? await services.members.findByEmail(workspaceId, as.trim()) : undefined
  return {
    actor,
    isAdmin: true,
    ...(member ? { member: { id: member.id, email: member.email } } : {}),
  }
}

async function run(
  command: Command,
  options: Common,
  body: (services: Services, workspaceId: string, caller: Caller) => Promise<AccessRequest>,
): Promise<void> {
  await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
    const workspace = await resolveWorkspace(services, options.workspace)
    const caller = await callerOf(services, workspace.id, options.as)
    const result = await body(services, workspace.id, caller)
    output.result(result, () => requestLine(result))
  })
}

function requestLine(r: AccessRequest): string {
  const what = r.entitlementId ? `entitlement ${r.entitlementId}` : 'an account'
  const until = r.until ? ` until ${r.until}` : ''
  return `${r.id}  ${r.status.padEnd(9)}  ${what} in app ${r.appId} for person ${r.personId} (${r.duration})${until}  ${r.reason}`
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw usage(`--config-file ${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
}
