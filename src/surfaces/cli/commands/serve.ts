import type { Command } from 'commander'
import { createServer } from '../../http/index.js'
import { announceNewSecretKey, type GlobalOptions, resolveConfig } from '../context.js'

/** `rollcall serve`: migrate, then serve HTTP until SIGINT/SIGTERM, then shut down gracefully. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the Rollcall server (what `npm start` runs)')
    .option('--port <port>', 'TCP port (default 8080, or PORT)')
    .option('--host <host>', 'address to bind (default 127.0.0.1)')
    .action(async (options: { port?: string; host?: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>()
      const config = resolveConfig(globals, {
        'server.port': options.port,
        'server.host': options.host,
      })
      announceNewSecretKey(config)
      const { http, close, services } = await createServer(config)
      const address = await http.listen({ host: config.server.host, port: config.server.port })
      services.log.info(
        { address, database: services.store.dialect, publicUrl: config.server.publicUrl },
        'Rollcall is serving',
      )
      process.stderr.write(
        `Rollcall is serving on ${address} (${services.store.dialect}); SCIM base URL ${config.server.publicUrl}/scim/v2\n`,
      )
      await waitForSignal()
      services.log.info('shutting down: draining requests')
      await close()
    })
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
