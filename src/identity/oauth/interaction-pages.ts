import { escapeHtml } from './provider-hooks.js'

/** What the sign-in step of an authorization shows: the app, and a form for the app's workspace. */
export type LoginView = { uid: string; clientName: string; workspace: string }

/** What the consent step shows: what will be granted, and what the member's role cannot grant. */
export type ConsentView = {
  uid: string
  clientName: string
  granted: string[]
  trimmed: string[]
  csrfToken: string
}

/**
 * Content-Security-Policy of the interaction pages: no scripts, forms post to this origin only,
 * and no framing (RFC 6819 §4.4.1.9: clickjacking of the consent page).
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"

export function loginPage(view: LoginView): string {
  const uid = escapeHtml(view.uid)
  return page(
    `Sign in to authorize ${escapeHtml(view.clientName)}`,
    `<form method="post" action="/auth/login">
  <input type="hidden" name="workspace" value="${escapeHtml(view.workspace)}">
  <input type="hidden" name="returnTo" value="/oauth/interaction/${uid}">
  <label>Email <input name="email" type="email" autocomplete="username" required></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
</form>
<form method="post" action="/oauth/interaction/${uid}/abort"><button type="submit">Cancel</button></form>`,
  )
}

export function consentPage(view: ConsentView): string {
  const uid = escapeHtml(view.uid)
  const list = (scopes: string[]) =>
    scopes.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('')
  const trimmed =
    view.trimmed.length === 0
      ? ''
      : `<p>Your role cannot grant these, so the app will not get them:</p><ul>${list(view.trimmed)}</ul>`
  return page(
    `${escapeHtml(view.clientName)} asks for access`,
    `<p>It will be able to:</p><ul>${list(view.granted)}</ul>${trimmed}
<form method="post" action="/oauth/interaction/${uid}/consent">
  <input type="hidden" name="_csrf" value="${escapeHtml(view.csrfToken)}">
  <button type="submit">Allow</button>
</form>
<form method="post" action="/oauth/interaction/${uid}/abort"><button type="submit">Deny</button></form>`,
  )
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`
}
