import type { Command } from 'commander'
import { decideBurst } from '../../../access/lifecycle/index.js'
import type { DepartureBurst } from '../../../access/safety/index.js'
import type { Services } from '../../http/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { AS_OPTION, cliOperator } from '../operator.js'
import { oneOf, resolveWorkspace } from '../resolve.js'

type Flags = { workspace?: string; status?: string; reason?: string; as?: string; json?: boolean }

const STATUSES = ['open', 'approved', 'rejected'] as const

/**
 * `rollcall departures [--status open]`, `rollcall departures approve|reject <id> --reason`:
 * the departure gate's bursts (docs/safety.md). Approving releases every offboarding the burst
 * holds, at once; rejecting stops them (remembered, so later plans do not ask again).
 */
export function registerDepartures(program: Command): void {
  const departures = program
    .command('departures')
    .description('bursts of people leaving one source, held by the departure gate')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--status <status>', `only these: ${STATUSES.join(', ')}`)
    .option('--json', 'print one JSON object')
    .action(async (flags: Flags, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, flags.workspace)
        const status = flags.status ? oneOf('--status', flags.status, STATUSES) : undefined
        const bursts = await services.departureGate.list(workspace.id, status)
        output.result({ bursts }, () =>
          bursts.length === 0 ? 'No departure bursts.' : bursts.map(describe).join('\n'),
        )
      })
    })
  for (const [verb, status] of [
    ['approve', 'approved'],
    ['reject', 'rejected'],
  ] as const) {
    departures
      .command(`${verb} <burstId>`)
      .description(`${verb} every offboarding a departure burst holds, at once`)
      .option('--workspace <slug>', 'the workspace (default: the only one)')
      .requiredOption('--reason <text>', 'why (audited with who decided)')
      .option(...AS_OPTION)
      .option('--json', 'print one JSON object')
      .action(async (burstId: string, flags: Flags, command: Command) => {
        await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
          try {
            const workspace = await resolveWorkspace(services, flags.workspace)
            const decided = await decideBurst(decisionDeps(services), {
              ...{ workspaceId: workspace.id, burstId, status },
              actor: await cliOperator(services, workspace.id, flags.as),
              reason: flags.reason ?? '',
            })
            output.result(
              decided,
              () =>
                `${status === 'approved' ? 'Approved' : 'Rejected'} the offboarding of ${decided.people} people (${decided.plans} plans) held by the burst from ${decided.burst.sourceName}.`,
            )
          } finally {
            await services.stopJobs()
          }
        })
      })
  }
}

function decisionDeps(services: Services) {
  return {
    ...{ db: services.store.db, gate: services.departureGate, reconcile: services.reconcile },
    ...{ apply: services.apply, revokeAccessOf: services.revokeAccessOf },
  }
}

function describe(b: DepartureBurst): string {
  const decided = b.decidedAt
    ? `; ${b.status} ${b.decidedAt.slice(0, 16)}: ${b.decisionReason}`
    : ''
  return `${b.id}  ${b.status}  ${b.openedAt.slice(0, 16).replace('T', ' ')}  ${b.reason}${decided}`
}
