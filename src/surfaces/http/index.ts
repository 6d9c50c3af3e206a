/**
 * The composition root: builds the services tier by tier, the HTTP server and the background
 * workers; used by main, the CLI and tests.
 */
export { createServer, type Server } from './create-server.js'
export { createServices, type ServiceOverrides, type Services } from './services.js'
export { serverWorkers, type Workers, waitingWorkers } from './workers.js'
