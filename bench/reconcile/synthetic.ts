/**
 * The synthetic workspace of the reconciliation benchmark, defined once as arithmetic on the
 * person number g (1..N) and the app number a (0..A-1), so the SQLite seeder (rows made here)
 * and the PostgreSQL seeder (generate_series, the same formulas in SQL) build the same data.
 *
 * Per (person, app): a hash h = (g·7919 + a·104729) mod 1000 decides the account. Active people
 * (97%): h < 5 no account (missing), h < 10 a stale displayName (drifted where the app maps it),
 * h < 13 a deactivated account (missing: reactivate), else in sync. Inactive (2%) and gone (1%)
 * people: h < 900 an active account (residual), else a deactivated one. h ≥ 997 adds an orphan.
 */

export const WORKSPACE_SLUG = 'bench'
/** The secret key of the benchmark hub (apps' connections are sealed with it). */
export const BENCH_SECRET = 'bench-secret-key-that-is-long-enough-0123456789'
export const SEEDED_AT = '2026-11-01T00:00:00.000Z'
export const GROUPS = ['Engineering', 'Sales', 'Support'] as const
const ENGLISH_GROUPS = GROUPS.map((g) => `groups.display eq "${g}"`).join(' or ')

const DISPLAY_MAPPING: Record<string, string> = {
  displayName: 'Join(" ", name.givenName, name.familyName)',
}

export type AppSpec = {
  readonly name: string
  readonly assignment: Record<string, unknown>
  readonly mappings: Record<string, string>
}

/** Ten apps: four for everyone, three for active people, three by group; half map displayName. */
export function appSpecs(count: number): AppSpec[] {
  return Array.from(
    { length: count },
    (_, a): AppSpec => ({
      name: `Bench app ${String(a).padStart(2, '0')}`,
      assignment:
        a < 4 ? { all: true } : a < 7 ? { filter: 'active eq true' } : { filter: ENGLISH_GROUPS },
      mappings: a % 2 === 0 ? DISPLAY_MAPPING : {},
    }),
  )
}

export const pad = (n: number, width: number) => String(n).padStart(width, '0')
export const personId = (g: number) => `p${pad(g, 9)}`
export const email = (g: number) => `u${g}@acme.test`
export const displayName = (g: number) => `Given${g} Family${g}`

export function status(g: number): 'active' | 'inactive' | 'gone' {
  const s = g % 100
  return s === 0 ? 'gone' : s <= 2 ? 'inactive' : 'active'
}

export const hash = (g: number, a: number) => (g * 7919 + a * 104729) % 1000

export type AccountShape =
  | { readonly kind: 'none' }
  | { readonly kind: 'account'; readonly active: boolean; readonly stale: boolean }

export function accountOf(g: number, a: number): AccountShape {
  const h = hash(g, a)
  if (status(g) !== 'active') return { kind: 'account', active: h < 900, stale: false }
  if (h < 5) return { kind: 'none' }
  if (h < 10) return { kind: 'account', active: true, stale: true }
  return { kind: 'account', active: h >= 13, stale: false }
}

export const hasOrphan = (g: number, a: number) => hash(g, a) >= 997

export function personResource(g: number) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: email(g),
    name: { givenName: `Given${g}`, familyName: `Family${g}` },
    displayName: displayName(g),
    emails: [{ value: email(g), primary: true, type: 'work' }],
    active: status(g) === 'active',
    groups: [{ value: GROUPS[g % 3], display: GROUPS[g % 3] }],
  }
}

export function accountAttributes(g: number, stale: boolean, orphan: boolean) {
  const address = orphan ? `x${g}@other.test` : email(g)
  return {
    userName: address,
    displayName: stale ? 'Stale Name' : displayName(g),
    emails: [{ value: address, primary: true }],
    raw: {},
  }
}

export type ExpectedClasses = {
  in_sync: number
  missing: number
  drifted: number
  residual: number
  orphan: number
}

/**
 * What reconciling the synthetic workspace must find, from the formulas above (the bench smoke
 * test compares both dialects' runs with it). Every app selects every active person (the group
 * filter names all three groups); even apps map displayName, so only they see stale names as
 * drift; a deactivated account of a person who left is what the default policy wants (in sync).
 */
export function expectedClasses(people: number, apps: number): ExpectedClasses {
  const counts: ExpectedClasses = { in_sync: 0, missing: 0, drifted: 0, residual: 0, orphan: 0 }
  for (let g = 1; g <= people; g++) {
    for (let a = 0; a < apps; a++) {
      if (hasOrphan(g, a)) counts.orphan += 1
      const shape = accountOf(g, a)
      if (status(g) !== 'active') {
        if (shape.kind === 'account' && shape.active) counts.residual += 1
        else counts.in_sync += 1
      } else if (shape.kind === 'none' || !shape.active) counts.missing += 1
      else if (shape.stale && a % 2 === 0) counts.drifted += 1
      else counts.in_sync += 1
    }
  }
  return counts
}

/**
 * Entitlements (issue 15): eight per app. k 0–2 and 6 are birthright (a rule grants them to
 * everyone the app assigns), k 3–5 one per group (a rule by `groups.display eq "<group>"`), k 7
 * a privileged one no rule grants.
 */
export const ENTITLEMENT_NAMES = [
  'Everyone',
  'Docs',
  'Chat',
  ...GROUPS,
  'Projects',
  'Admins',
] as const
export const PRIVILEGED_ENTITLEMENT = 7
const BIRTHRIGHT = new Set([0, 1, 2, 6])
export const entitlementId = (a: number, k: number) => `e${pad(a, 2)}${k}`
export const entitlementName = (a: number, k: number) => `App${a} ${ENTITLEMENT_NAMES[k]}`

/** The app's grant rules as `apps.grant_rules` stores them (access/apps/grant-rules.ts). */
export function grantRules(a: number) {
  return ENTITLEMENT_NAMES.flatMap((_, k) => {
    if (k === PRIVILEGED_ENTITLEMENT) return []
    const filter = k >= 3 && k <= 5 ? { filter: `groups.display eq "${GROUPS[k - 3]}"` } : {}
    const id = `r${pad(a, 2)}${k}`
    return [
      {
        id,
        entitlementId: entitlementId(a, k),
        entitlementName: entitlementName(a, k),
        ...filter,
        createdAt: SEEDED_AT,
      },
    ]
  })
}

/** A second hash for grants; 2100 is a multiple of 70, 30, 20 and 50 (the moduli below). */
export const grantHash = (g: number, a: number) => (g * 7 + a * 13) % 2100

/**
 * Whether the active account of person g in app a holds entitlement k (~4.99 per account, ~0.12
 * findings per account, a drifted organisation rather than a broken one): the birthright k 0, 1
 * always, k 2 unless h % 70 = 0 and k 6 unless h % 20 = 0 (missing grants), the person's own
 * group's k and, when h % 30 = 0, the next group's too (a mover's leftover: excess), and k 7
 * (privileged, no rule) when h % 50 = 1. The same formula in SQL: GRANT_HELD_SQL.
 */
export function holdsGrant(g: number, a: number, k: number): boolean {
  const h = grantHash(g, a)
  if (k <= 1) return true
  if (k === 2) return h % 70 !== 0
  if (k <= 5) return g % 3 === k - 3 || (h % 30 === 0 && (g + 1) % 3 === k - 3)
  if (k === 6) return h % 20 !== 0
  return h % 50 === 1
}

/** holdsGrant in SQL over `g`, `a` and `k` (integers). */
export const GRANT_HELD_SQL = `case
  when k <= 1 then true
  when k = 2 then ((g * 7 + a * 13) % 2100) % 70 <> 0
  when k <= 5 then g % 3 = k - 3 or (((g * 7 + a * 13) % 2100) % 30 = 0 and (g + 1) % 3 = k - 3)
  when k = 6 then ((g * 7 + a * 13) % 2100) % 20 <> 0
  else ((g * 7 + a * 13) % 2100) % 50 = 1 end`

/** Whether a rule grants k to person g (every bench app assigns every active person). */
export function grantedByRule(g: number, k: number): boolean {
  if (BIRTHRIGHT.has(k)) return true
  return k >= 3 && k <= 5 && g % 3 === k - 3
}

export type ExpectedGrantClasses = {
  missing_grant: number
  excess_grant: number
  privileged_grant: number
  residual_grant: number
}

/**
 * The grant findings reconciling the synthetic workspace must give: on an active person's
 * active account, a rule's grant not held is missing and a held grant no rule gives is excess
 * (privileged for k 7); every grant of a leaver's still-active account is residual (it goes
 * with the deactivation). Accounts to create or reactivate carry their grants in that operation.
 */
export function expectedGrantClasses(people: number, apps: number): ExpectedGrantClasses {
  const counts = { missing_grant: 0, excess_grant: 0, privileged_grant: 0, residual_grant: 0 }
  for (let g = 1; g <= people; g++) {
    for (let a = 0; a < apps; a++) {
      const shape = accountOf(g, a)
      if (shape.kind === 'account' && shape.active) countGrantPair(counts, g, a)
    }
  }
  return counts
}

function countGrantPair(counts: ExpectedGrantClasses, g: number, a: number): void {
  for (let k = 0; k < ENTITLEMENT_NAMES.length; k++) {
    const held = holdsGrant(g, a, k)
    if (status(g) !== 'active') counts.residual_grant += held ? 1 : 0
    else if (held && !grantedByRule(g, k))
      counts[k === PRIVILEGED_ENTITLEMENT ? 'privileged_grant' : 'excess_grant'] += 1
    else if (!held && grantedByRule(g, k)) counts.missing_grant += 1
  }
}
