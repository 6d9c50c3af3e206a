import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { describeError } from '../../../shared/errors.js'
import type { GlobalOptions } from '../context.js'
import { withServices } from '../context.js'
import { CliError } from '../output.js'
import { resolveApp, resolveWorkspace } from '../resolve.js'
import { readJsonFile, registerAppRules } from './app-rules.js'
import { CLI_ACTOR } from './workspace.js'

/**
 * `rollcall app connect|list|check|show|update|import-accounts`: the apps a workspace connects
 * (DESIGN: app.json) and their rules.
 */
export function registerApp(program: Command): void {
  const app = program.command('app').description('connect apps to a workspace')

  app
    .command('connect')
    .description('connect an app from an app.json file; its credentials are encrypted at rest')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption(
      '--config-file <file>',
      'the app.json: catalogId, name, connection or owner, ...',
    )
    .option('--json', 'print one JSON object')
    .action(async (options: { workspace?: string; configFile: string }, command: Command) => {
      const config = readJsonFile(options.configFile)
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const created = await services.apps.connect(workspace.id, config, CLI_ACTOR)
        output.result(
          { id: created.id, catalogId: created.catalogId, name: created.name },
          () => `Connected ${created.name} (${created.catalogId}) with id ${created.id}.`,
        )
      })
    })

  app
    .command('list')
    .description('list the connected apps of a workspace (never their secrets)')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (options: { workspace?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const apps = await services.apps.list(workspace.id)
        output.result({ apps }, () =>
          apps.length === 0
            ? `No apps in ${workspace.slug}. Connect one: rollcall app connect --workspace ${workspace.slug} --config-file app.json`
            : apps.map((a) => `${a.id}\t${a.catalogId}\t${a.name}`).join('\n'),
        )
      })
    })

  app
    .command('check <app>')
    .description('reach the app with its connection: read the first page of its accounts')
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .option('--json', 'print one JSON object')
    .action(async (ref: string, options: { workspace?: string }, command: Command) => {
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const { id } = await resolveApp(services, workspace.id, ref)
        const connector = await services.apps.connector(workspace.id, id)
        if (!connector.ok) throw new CliError(connector.error.code, connector.error.message)
        const page = await connector.value.listAccounts({ pageSize: 10 })
        if (!page.ok) throw new CliError(page.error.code, page.error.message)
        const result = {
          id,
          capabilities: connector.value.manifest.capabilities,
          accounts: page.value.items.length,
          more: page.value.nextCursor !== undefined,
        }
        output.result(
          result,
          () => `Reached app ${id}: ${result.accounts} accounts on the first page.`,
        )
      })
    })

  registerAppRules(app)

  app
    .command('import-accounts <app>')
    .description(
      'upload an app’s user export (CSV) so reconciliation sees who still has an account (apps without an API)',
    )
    .option('--workspace <slug>', 'the workspace (default: the only one)')
    .requiredOption('--file <file>', 'the export, with a header row')
    .option(
      '--columns <map>',
      'header mapping: email=Email,userName=Login,displayName=Name,active=Status,id=ID,entitlements=Roles (names separated by ";")',
    )
    .option(
      '--skip-bad-lines',
      'import the valid lines and report the others (default: import nothing)',
    )
    .option('--json', 'print one JSON object')
    .action(async (ref: string, options: ImportFlags, command: Command) => {
      const text = readText(options.file)
      await withServices(command.optsWithGlobals<GlobalOptions>(), async (services, output) => {
        const workspace = await resolveWorkspace(services, options.workspace)
        const { id } = await resolveApp(services, workspace.id, ref)
        const summary = await services.accountImports.importCsv(
          workspace.id,
          id,
          {
            text,
            fileName: options.file,
            ...(options.columns ? { columns: parseColumns(options.columns) } : {}),
            ...(options.skipBadLines ? { skipBadLines: true } : {}),
          },
          CLI_ACTOR,
        )
        output.result(
          summary,
          () =>
            `Imported ${summary.accounts} accounts (${summary.active} active) into app ${id}.${summary.skipped.length > 0 ? ` Skipped: ${summary.skipped.map((p) => `line ${p.line}: ${p.message}`).join('; ')}` : ''}`,
        )
      })
    })
}

type ImportFlags = {
  workspace?: string
  file: string
  columns?: string
  skipBadLines?: boolean
  json?: boolean
}

function parseColumns(text: string): Record<string, string> {
  const pairs = text.split(',').map((pair) => pair.split('='))
  if (pairs.some((p) => p.length !== 2 || !p[0] || !p[1])) {
    throw new CliError(
      'USAGE',
      '--columns is a list of name=Header pairs, e.g. email=Email,active=Status',
    )
  }
  return Object.fromEntries(pairs.map(([name = '', header = '']) => [name.trim(), header.trim()]))
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new CliError('FILE_UNREADABLE', `Cannot read ${file}: ${describeError(error)}`)
  }
}
