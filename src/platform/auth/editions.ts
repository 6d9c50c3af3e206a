/**
 * Editions: a workspace's pricing tier and the features each unlocks (seed 002: SCIM and SAML are
 * enterprise features). Named "edition" in code so it is never confused with a change plan; the
 * wire and the `workspaces.plan` column keep the product's word, "plan".
 */
export const EDITIONS = ['free', 'pro', 'enterprise'] as const
export type Edition = (typeof EDITIONS)[number]

export type Feature = 'scim' | 'saml' | 'oauth_apps' | 'api_connections'

const FEATURES: Readonly<Record<Edition, readonly Feature[]>> = {
  free: ['oauth_apps'],
  pro: ['oauth_apps', 'api_connections'],
  enterprise: ['oauth_apps', 'api_connections', 'scim', 'saml'],
}

export function isEdition(value: string): value is Edition {
  return (EDITIONS as readonly string[]).includes(value)
}

export function editionIncludes(edition: string, feature: Feature): boolean {
  return isEdition(edition) && FEATURES[edition].includes(feature)
}

/** The cheapest edition that has a feature, for error messages that tell the way out. */
export function editionFor(feature: Feature): Edition {
  return EDITIONS.find((edition) => FEATURES[edition].includes(feature)) ?? 'enterprise'
}

/** A feature's name, for messages that say which plan unlocks it. */
export function featureName(feature: Feature): string {
  return {
    scim: 'SCIM provisioning',
    saml: 'SAML single sign-on',
    oauth_apps: 'OAuth apps',
    api_connections: 'API connections',
  }[feature]
}
