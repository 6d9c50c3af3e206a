/**
 * Emulated seed apps (seeds 000, 003, 004) on 127.0.0.1: a Sana-like and a Stensul-like SCIM app
 * and an Okta org's Management API, each with real protocol semantics and injectable faults.
 * They live in src/ (not test/) because `rollcall demo` runs them in-process; the contract, fault
 * and integration tests reach them through test/emulators, which re-exports these modules.
 */

/** Injected 5xx, 429, resets, slow answers and short pages, replayable by seed. */
export { createFaults, type FaultOptions, type FaultStats, type Faults } from './faults.js'
/** A free TCP port on the host; a SCIM user body as the apps' own UIs would make it. */
export { freePort, userBody } from './http.js'
/**
 * An Okta org (seed 004): users, groups, lifecycle states, paging and rate-limit headers.
 * @example const okta = await startOktaEmulator(); okta.seedUsers(['ada@acme.test'])
 */
export { type OktaEmulator, type OktaEmulatorOptions, startOktaEmulator } from './okta.js'
/** A seeded random source for the fault dice (not for secrets). */
export { seededRandom } from './random.js'
/** A Sana-like SCIM app (seed 000): bearer token, Users only, deactivate by PATCH, no DELETE. */
export { type SanaEmulator, type SanaOptions, startSanaEmulator } from './sana.js'
/** A Stensul-like SCIM app (seed 003): OAuth 2.0 client credentials, IP allowlist, soft DELETE. */
export { type StensulEmulator, type StensulOptions, startStensulEmulator } from './stensul.js'
