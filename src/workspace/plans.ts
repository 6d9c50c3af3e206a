/** Workspace plans and the features each unlocks (seed 002: SCIM and SAML are enterprise features). */
export const PLANS = ['free', 'pro', 'enterprise'] as const
export type Plan = (typeof PLANS)[number]

export type Feature = 'scim' | 'saml' | 'oauth_apps' | 'api_connections'

const FEATURES: Readonly<Record<Plan, readonly Feature[]>> = {
  free: ['oauth_apps'],
  pro: ['oauth_apps', 'api_connections'],
  enterprise: ['oauth_apps', 'api_connections', 'scim', 'saml'],
}

export function isPlan(value: string): value is Plan {
  return (PLANS as readonly string[]).includes(value)
}

export function planIncludes(plan: string, feature: Feature): boolean {
  return isPlan(plan) && FEATURES[plan].includes(feature)
}

/** The cheapest plan that has a feature, for error messages that tell the way out. */
export function planFor(feature: Feature): Plan {
  return PLANS.find((plan) => FEATURES[plan].includes(feature)) ?? 'enterprise'
}
