import { z } from 'zod'

/**
 * How a directory speaks SCIM to its IdP. The RFC is the default; what an IdP needs beyond it is
 * a per-directory compatibility setting (shared/conformance/README.md). A profile presets them;
 * each can be overridden.
 */
export const PROFILES = ['standard', 'okta', 'entra'] as const
export type Profile = (typeof PROFILES)[number]

export const directorySettingsSchema = z
  .object({
    profile: z.enum(PROFILES).default('standard').describe('The IdP dialect preset.'),
    patchResponse: z
      .enum(['resource', 'no_content'])
      .optional()
      .describe('PATCH success: 200 with the resource, or 204 (RFC 7644 §3.5.2 allows both).'),
    unknownSchemas: z
      .enum(['reject', 'ignore'])
      .optional()
      .describe(
        "Schema URNs the server does not know in a resource's `schemas`: 400, or drop them.",
      ),
    unknownGroupMembers: z
      .enum(['reject', 'ignore'])
      .optional()
      .describe('Group members whose id is not in this directory: 400 invalidValue, or drop them.'),
    schemaAliases: z
      .enum(['none', 'entra'])
      .optional()
      .describe(
        "Read Entra ID's legacy schema URNs (`…:enterprise:2.0User`, ADSCIM `…/2.0/Group`) as the standard ones, or treat them as unknown.",
      ),
    replaceWithoutMatch: z
      .enum(['noTarget', 'create'])
      .optional()
      .describe(
        'PATCH replace whose value filter matches no value: 400 noTarget (RFC 7644 §3.5.2.3), or create the value the filter describes (Entra ID).',
      ),
  })
  .strict()

export type DirectorySettingsInput = z.input<typeof directorySettingsSchema>
export type StoredDirectorySettings = z.output<typeof directorySettingsSchema>

/** Settings with every option decided. */
export type DirectorySettings = {
  readonly profile: Profile
  readonly patchResponse: 'resource' | 'no_content'
  readonly unknownSchemas: 'reject' | 'ignore'
  readonly unknownGroupMembers: 'reject' | 'ignore'
  readonly replaceWithoutMatch: 'noTarget' | 'create'
  readonly schemaAliases: 'none' | 'entra'
}

const PRESETS: Readonly<Record<Profile, Omit<DirectorySettings, 'profile'>>> = {
  standard: {
    patchResponse: 'resource',
    unknownSchemas: 'reject',
    unknownGroupMembers: 'reject',
    replaceWithoutMatch: 'noTarget',
    schemaAliases: 'none',
  },
  // Okta reads the resource from PATCH responses and may add custom schema URNs.
  okta: {
    patchResponse: 'resource',
    unknownSchemas: 'ignore',
    unknownGroupMembers: 'reject',
    replaceWithoutMatch: 'noTarget',
    schemaAliases: 'none',
  },
  // Entra ID accepts 204, lists its own URNs on groups and custom extensions on users, its
  // published test collection adds members by ids the directory never saw, and it sets a first
  // work email with `replace` on `emails[type eq "work"].value`; Microsoft documents its legacy
  // schema URNs as sent by the provisioning service.
  entra: {
    patchResponse: 'no_content',
    unknownSchemas: 'ignore',
    unknownGroupMembers: 'ignore',
    replaceWithoutMatch: 'create',
    schemaAliases: 'entra',
  },
}

export function resolveSettings(stored: StoredDirectorySettings): DirectorySettings {
  const preset = PRESETS[stored.profile]
  return {
    profile: stored.profile,
    patchResponse: stored.patchResponse ?? preset.patchResponse,
    unknownSchemas: stored.unknownSchemas ?? preset.unknownSchemas,
    unknownGroupMembers: stored.unknownGroupMembers ?? preset.unknownGroupMembers,
    replaceWithoutMatch: stored.replaceWithoutMatch ?? preset.replaceWithoutMatch,
    schemaAliases: stored.schemaAliases ?? preset.schemaAliases,
  }
}
