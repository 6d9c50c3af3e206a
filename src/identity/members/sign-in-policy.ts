/**
 * Whether an email may sign in with a password in a workspace (a port: members declares it, the
 * SAML domain implements it, the composition root plugs it in). When a workspace enforces SSO
 * for the email's domain, the answer names where single sign-on starts instead.
 */
export type PasswordSignInPolicy = (input: {
  workspaceId: string
  email: string
}) => Promise<{ allowed: true } | { allowed: false; ssoUrl: string }>
