import path from 'node:path'
import type { Command } from 'commander'
import {
  type DemoEmulators,
  type DemoStep,
  type DemoSummary,
  demoPeople,
  seedDemo,
  startDemoEmulators,
  whatToTry,
} from '../../../dev/demo/index.js'
import { createLogger } from '../../../shared/logger.js'
import { createServer, createServices } from '../../http/index.js'
import { type GlobalOptions, resolveConfig } from '../context.js'
import {
  buildConsoleIfStale,
  choosePort,
  type DemoDataDir,
  prepareDataDir,
  stopSignal,
} from '../demo-setup.js'
import { createOutput, type Output } from '../output.js'
import { createProgress, type Progress } from '../progress.js'

type DemoFlags = { port?: string; json?: boolean }

const HOST = '127.0.0.1'

const STEPS: Readonly<Record<DemoStep, string>> = {
  workspace: 'creating the workspace acme and its owner',
  people: 'syncing 200 people from the emulated Okta org',
  apps: 'connecting Sana, Stensul and Samepage',
  accounts: 'listing every app’s accounts into the identity graph',
  reconcile: 'reconciling, and planning a first dry run',
}

/**
 * `rollcall demo [--port N] [--data-dir DIR] [--json]`: Rollcall on a fresh SQLite data dir
 * with the seed apps emulated in this process, 200 people, the first sync and reconciliation,
 * and a plan whose deactivations wait for approval; prints the console URL, how to sign in and
 * what to try (one JSON object with --json), then serves until Ctrl-C.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('start a demo: 200 people, emulated apps, findings and a plan to approve')
    .option('--port <port>', 'TCP port (default 8080, or a free one when 8080 is taken; 0: any)')
    .option('--json', 'print one JSON object once ready (then serve until Ctrl-C)')
    .action(async (flags: DemoFlags, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>()
      const output = createOutput(flags.json === true)
      const stop = stopSignal()
      const data = prepareDataDir(globals.dataDir)
      try {
        await runDemo(globals, flags, data, output, stop)
      } finally {
        data.remove()
      }
    })
}

async function runDemo(
  globals: GlobalOptions,
  flags: DemoFlags,
  data: DemoDataDir,
  output: Output,
  stop: Promise<NodeJS.Signals>,
): Promise<void> {
  await buildConsoleIfStale((text) => output.note(text))
  const progress = createProgress({ json: output.json })
  progress.update('starting the emulated Okta, Sana and Stensul')
  const emulators = await startDemoEmulators(demoPeople())
  try {
    const port = await choosePort(flags.port, HOST)
    const url = `http://${HOST}:${port}`
    const config = resolveConfig(
      {
        ...globals,
        dataDir: data.dir,
        databaseUrl: `sqlite:${path.join(data.dir, 'rollcall.db')}`,
      },
      { 'server.port': String(port), 'server.host': HOST, 'server.publicUrl': url },
    )
    const summary = await setUp(config, emulators, progress)
    progress.done()
    const { http, close } = await createServer(config, { log: createLogger({ level: 'warn' }) })
    await http.listen({ host: HOST, port })
    try {
      announce(output, summary, { url, dataDir: data.dir, temporary: data.temporary })
      await stop
      output.note('Stopping the demo…')
    } finally {
      await close()
    }
  } finally {
    await emulators.close()
  }
}

/** The data, made through the services on the demo's store, which is closed before serving. */
async function setUp(
  config: ReturnType<typeof resolveConfig>,
  emulators: DemoEmulators,
  progress: Progress,
): Promise<DemoSummary> {
  // Quiet: the generated secret key of a throwaway data dir is not worth a warning.
  const services = await createServices(config, { log: createLogger({ level: 'error' }) })
  try {
    return await seedDemo(services, emulators, (step) => progress.update(STEPS[step]))
  } finally {
    await services.store.close()
  }
}

function announce(
  output: Output,
  summary: DemoSummary,
  place: { url: string; dataDir: string; temporary: boolean },
): void {
  const consoleUrl = `${place.url}/console`
  output.result(
    {
      ready: true,
      url: place.url,
      consoleUrl,
      dataDir: place.dataDir,
      temporary: place.temporary,
      ...summary,
    },
    () => whatToTry(summary, { consoleUrl, dataDir: place.dataDir, temporary: place.temporary }),
  )
}
