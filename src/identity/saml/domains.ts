import { err, ok, type Result } from '../../shared/result.js'

/**
 * Mailbox providers whose domain no workspace may claim: enforcing SSO for `gmail.com` would lock
 * every Gmail user of every workspace out of password sign-in, and `/saml/check` would send them
 * to one company's IdP. "Corporate" allowed domains are the ones not on this list.
 */
const CONSUMER_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.net',
  'mail.com',
  'yandex.com',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  'qq.com',
  '163.com',
])

// RFC 1035 §2.3.1 labels, at least two of them, an alphabetic top-level label.
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/
const MAX_DOMAINS = 50

/** Lower-cased, de-duplicated corporate domains, or what is wrong with the list. */
export function normalizeDomains(domains: readonly string[]): Result<string[], string> {
  if (domains.length > MAX_DOMAINS) return err(`at most ${MAX_DOMAINS} allowed domains`)
  const result: string[] = []
  for (const raw of domains) {
    const domain = raw.trim().toLowerCase()
    if (!HOSTNAME.test(domain)) return err(`not a domain name: ${raw.slice(0, 100)}`)
    if (CONSUMER_DOMAINS.has(domain)) return err(`${domain} is a public mailbox provider`)
    if (!result.includes(domain)) result.push(domain)
  }
  return ok(result)
}

/** The lower-cased domain of an email address, or undefined when it has none. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@')
  if (at <= 0 || at === email.length - 1) return undefined
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
  return HOSTNAME.test(domain) ? domain : undefined
}
