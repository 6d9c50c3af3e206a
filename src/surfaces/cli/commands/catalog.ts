import type { Command } from 'commander'
import {
  type CatalogEntry,
  getCatalogEntry,
  listCatalog,
} from '../../../integrations/catalog/index.js'
import type { GlobalOptions } from '../context.js'
import { CliError, createOutput } from '../output.js'

/** `rollcall catalog list|show <id>`: what Rollcall knows about each app. No database needed. */
export function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description('the apps Rollcall can connect')

  catalog
    .command('list')
    .description('list the catalog: id, name and how Rollcall reaches each app')
    .option('--json', 'print one JSON object')
    .action((_options: unknown, command: Command) => {
      const output = createOutput(command.optsWithGlobals<GlobalOptions>().json === true)
      const apps = listCatalog().map(summary)
      output.result({ apps }, () =>
        apps.map((a) => `${a.id.padEnd(20)}${a.connector.padEnd(8)}${a.name}`).join('\n'),
      )
    })

  catalog
    .command('show <id>')
    .description('show one catalog entry: auth, paging, rate limits, deactivation, caveats')
    .option('--json', 'print one JSON object')
    .action((id: string, _options: unknown, command: Command) => {
      const output = createOutput(command.optsWithGlobals<GlobalOptions>().json === true)
      const entry = getCatalogEntry(id)
      if (!entry) {
        throw new CliError(
          'CATALOG_NOT_FOUND',
          `No app '${id}' in the catalog; see rollcall catalog list.`,
        )
      }
      output.result(entry, () => describe(entry))
    })
}

function summary(entry: CatalogEntry) {
  return {
    id: entry.id,
    name: entry.name,
    category: entry.category,
    connector: entry.integration.connector,
    scim: entry.scim.available,
    operations: entry.operations,
  }
}

function describe(entry: CatalogEntry): string {
  const lines = [
    `${entry.name} (${entry.id}): ${entry.category}`,
    `connector: ${entry.integration.connector}; auth: ${entry.auth.method}; SCIM: ${entry.scim.available ? 'yes' : 'no'}`,
    `operations: ${entry.operations.join(', ') || 'none (tasks for the owner)'}`,
    `deactivation: ${entry.deactivation.method} (${entry.deactivation.semantics})`,
    ...entry.limitations.map((text) => `limitation: ${text}`),
    ...entry.watchOutFor.map((text) => `watch out: ${text}`),
  ]
  return lines.join('\n')
}
