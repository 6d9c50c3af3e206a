/**
 * The open-source peer the SCIM reads are compared with (issue 16): BoxyHQ's directory sync, npm
 * `@boxyhq/saml-jackson` (now Ory Polis), on its in-memory engine. A devDependency: its code
 * stays in node_modules; peer-server.ts is only our adapter.
 */
export const PEER_PACKAGE = '@boxyhq/saml-jackson'

/** What the peer's child reports when ready: its bearer secret and its ids of the seeded users. */
export type PeerDetails = { readonly secret: string; readonly ids: readonly string[] }
