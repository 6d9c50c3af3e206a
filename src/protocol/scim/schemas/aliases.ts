import { URN } from './urns.js'

/**
 * Schema URNs a client sends for a standard one, by lower-case alias. Microsoft documents both
 * of these as sent by Entra ID's provisioning service ("Tutorial: Develop and plan provisioning
 * for a SCIM endpoint": `…:enterprise:2.0User` in Example 2, the ADSCIM URN on Create Group).
 * They are read as the standard URN and never written back: responses list standard URNs only.
 */
export type SchemaAliases = Readonly<Record<string, string>>

export const ENTRA_SCHEMA_ALIASES: SchemaAliases = {
  // The enterprise extension URN without the colon before "User".
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0user': URN.enterpriseUser,
  'http://schemas.microsoft.com/2006/11/resourcemanagement/adscim/2.0/group': URN.group,
}

/**
 * The standard spelling of a schema URN, or of a key or path that starts with one
 * (`<alias>:department` → `<URN>:department`); anything else is returned as it is.
 */
export function canonicalUri(text: string, aliases: SchemaAliases): string {
  const lower = text.toLowerCase()
  for (const [alias, uri] of Object.entries(aliases)) {
    if (lower === alias) return uri
    if (lower.startsWith(`${alias}:`)) return `${uri}${text.slice(alias.length)}`
  }
  return text
}
