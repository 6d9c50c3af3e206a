import { onePassword } from './apps/1password.js'
import { asana } from './apps/asana.js'
import { atlassian } from './apps/atlassian.js'
import { box } from './apps/box.js'
import { dropbox } from './apps/dropbox.js'
import { figma } from './apps/figma.js'
import { githubEnterprise } from './apps/github-enterprise.js'
import { googleWorkspace } from './apps/google-workspace.js'
import { microsoft365 } from './apps/microsoft-365.js'
import { miro } from './apps/miro.js'
import { notion } from './apps/notion.js'
import { okta } from './apps/okta.js'
import { salesforce } from './apps/salesforce.js'
import { samepage } from './apps/samepage.js'
import { sanaLabs } from './apps/sana-labs.js'
import { scimGeneric } from './apps/scim-generic.js'
import { slack } from './apps/slack.js'
import { stensul } from './apps/stensul.js'
import { workspacePlatform } from './apps/workspace-platform.js'
import { zendesk } from './apps/zendesk.js'
import { zoom } from './apps/zoom.js'
import type { CatalogEntry } from './types.js'

/** Catalog ids that other code and users' app.json files rely on (DESIGN: contracts). */
export const SEED_CATALOG_IDS = [
  'sana-labs',
  'samepage',
  'stensul',
  'okta',
  'workspace-platform',
  'scim-generic',
] as const

export type SeedCatalogId = (typeof SEED_CATALOG_IDS)[number]

const ENTRIES: readonly CatalogEntry[] = deepFreeze([
  sanaLabs,
  samepage,
  stensul,
  okta,
  workspacePlatform,
  scimGeneric,
  slack,
  githubEnterprise,
  zoom,
  atlassian,
  salesforce,
  googleWorkspace,
  microsoft365,
  dropbox,
  box,
  notion,
  figma,
  miro,
  asana,
  zendesk,
  onePassword,
])

const BY_ID = new Map(ENTRIES.map((entry) => [entry.id, entry]))

/** Every catalog entry, seed apps first. Entries are frozen: copy before changing anything. */
export function listCatalog(): readonly CatalogEntry[] {
  return ENTRIES
}

/** The entry for an id, or undefined for an id the catalog does not know. */
export function getCatalogEntry(id: string): CatalogEntry | undefined {
  return BY_ID.get(id)
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}
