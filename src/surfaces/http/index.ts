/** The composition root: builds services and the HTTP app; used by main, the CLI and tests. */
export { type App, createApp } from './create-app.js'
export { createServices, type ServiceOverrides, type Services } from './services.js'
