import { createHash } from 'node:crypto'

const GIVEN = ['Adele', 'Alex', 'Diego', 'Grady', 'Henrietta', 'Isaiah', 'Johanna', 'Joni', 'Lee']
const FAMILY = ['Vance', 'Wilber', 'Siciliani', 'Archie', 'Mueller', 'Langer', 'Lidman', 'Sherman']
const DEPARTMENTS = ['Engineering', 'Finance', 'Human Resources', 'Legal', 'Marketing', 'Sales']
const TITLES = ['Software Engineer', 'Accountant', 'HR Partner', 'Counsel', 'Designer', 'Director']
const CITIES = [
  { locality: 'Redmond', region: 'WA', postalCode: '98052', country: 'US' },
  { locality: 'Dublin', region: 'Leinster', postalCode: 'D02 X285', country: 'IE' },
  { locality: 'Munich', region: 'Bavaria', postalCode: '80807', country: 'DE' },
]

const SCHEMAS = [
  'urn:ietf:params:scim:schemas:core:2.0:User',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
]

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T

/** A GUID-shaped id that is the same for the same seed (Entra sends objectIds as externalId). */
function guid(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/**
 * The body Microsoft Entra ID sends to create a user (its provisioning service's default
 * attribute mappings): core attributes, a work email, two phone numbers, a work address and the
 * enterprise extension with a manager: about 1.1 KB of JSON, DESIGN's "Entra-sized user".
 *
 * @example entraUser(42, { prefix: 'seed' }).userName // 'seed.42@contoso.example'
 */
export function entraUser(
  n: number,
  options: { prefix: string; managerId?: string },
): Record<string, unknown> {
  const given = pick(GIVEN, n)
  const family = pick(FAMILY, Math.floor(n / GIVEN.length))
  const userName = `${options.prefix}.${n}@contoso.example`
  const city = pick(CITIES, n)
  const department = pick(DEPARTMENTS, n)
  const phone = String(1_000_000 + (n % 9_000_000)).padStart(7, '0')
  const enterprise: Record<string, unknown> = {
    employeeNumber: String(100_000 + n),
    costCenter: `CC-${1000 + (n % 250)}`,
    organization: 'Contoso Ltd.',
    division: `${department} Division`,
    department,
  }
  if (options.managerId) enterprise.manager = { value: options.managerId }
  return {
    schemas: SCHEMAS,
    externalId: guid(`${options.prefix}:${n}`),
    userName,
    active: true,
    displayName: `${given} ${family}`,
    nickName: given,
    title: pick(TITLES, n),
    preferredLanguage: 'en-US',
    locale: 'en-US',
    timezone: 'America/Los_Angeles',
    name: { formatted: `${given} ${family}`, familyName: family, givenName: given },
    emails: [{ type: 'work', value: userName, primary: true }],
    phoneNumbers: [
      { type: 'work', value: `+1 425 55${phone.slice(0, 1)} ${phone.slice(1, 5)}`, primary: true },
      { type: 'mobile', value: `+1 206 55${phone.slice(1, 2)} ${phone.slice(2, 6)}` },
    ],
    addresses: [
      {
        type: 'work',
        formatted: `${1 + (n % 9999)} Main Street, ${city.locality}, ${city.region} ${city.postalCode}, ${city.country}`,
        streetAddress: `${1 + (n % 9999)} Main Street`,
        ...city,
        primary: true,
      },
    ],
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': enterprise,
  }
}
