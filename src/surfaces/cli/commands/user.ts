import type { Command } from 'commander'
import { ROLES } from '../../../identity/workspace/index.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { CliError } from '../output.js'
import { oneOf, resolveWorkspace } from '../resolve.js'
import { CLI_ACTOR } from './workspace.js'

/** `rollcall user create|list`: people who sign in to the hub, with a role in a workspace. */
export function registerUser(program: Command): void {
  const user = program.command('user').description('manage the people who sign in to the hub')

  user
    .command('create')
    .description('add a member to a workspace (the first owner signs in with a local password)')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--email <email>', 'their email, the sign-in name')
    .requiredOption('--role <role>', ROLES.join(', '))
    .option('--password-stdin', 'read a password for local sign-in from standard input')
    .option('--json', 'print one JSON object')
    .action(async (options: CreateOptions, command: Command) => {
      oneOf('--role', options.role, ROLES)
      const password = options.passwordStdin ? await readPassword() : undefined
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const member = await services.members.create(
          {
            workspaceId: workspace.id,
            email: options.email,
            role: options.role,
            ...(password === undefined ? {} : { password }),
          },
          CLI_ACTOR,
        )
        output.result(
          { id: member.id, email: member.email, role: member.role },
          () =>
            `Added ${member.email} as ${member.role} of ${workspace.slug} (${member.id}).` +
            (member.hasPassword ? ' They can sign in with POST /auth/login.' : ''),
        )
      })
    })

  user
    .command('list')
    .description('list the members of a workspace')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (options: { workspace?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const members = await services.members.list(workspace.id)
        output.result(
          { members },
          () =>
            members.map((m) => `${m.id}\t${m.email}\t${m.role}`).join('\n') ||
            `No members in ${workspace.slug}.`,
        )
      })
    })
}

type CreateOptions = { workspace?: string; email: string; role: string; passwordStdin?: boolean }

/** The whole of standard input, without the final line break a shell or a pipe adds. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliError(
      'USAGE',
      '--password-stdin reads a pipe, e.g. `printf %s "$PW" | rollcall user create …`.',
    )
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '')
}
