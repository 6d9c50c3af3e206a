/**
 * `rollcall demo`: a workspace a newcomer can explore in five minutes. 200 fictional people in
 * an emulated Okta org, the seed apps (Sana and Stensul emulated in-process, Samepage as a
 * manual app), the first sync and reconciliation, and a plan whose deactivations wait for
 * approval. The CLI command starts the server; this domain makes the data.
 */

/**
 * Starts the emulated Okta, Sana and Stensul on free ports, holding the demo's accounts.
 * @example const emulators = await startDemoEmulators(demoPeople()); await emulators.close()
 */
export { type DemoEmulators, SANA_ORPHANS, startDemoEmulators } from './demo-emulators.js'
/** The 200 deterministic people (names, departments, leavers) and their email domain. */
export { DEMO_DOMAIN, DEMO_PEOPLE, type DemoPerson, demoPeople } from './demo-people.js'
/**
 * Sets the workspace up through the real services and returns what it made.
 * @example const summary = await seedDemo(services, emulators, (step) => progress.update(step))
 */
export {
  DEMO_WORKSPACE,
  type DemoDeps,
  type DemoStep,
  type DemoSummary,
  seedDemo,
} from './seed-demo.js'
/** The text printed once the demo is ready: sign-in details and a tour. */
export { type DemoPlace, whatToTry } from './what-to-try.js'
