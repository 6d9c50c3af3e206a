import { URN } from '../../../protocol/scim/schemas/index.js'
import { isActiveStatus, type OktaUser } from './okta-mapping.js'

const ENTERPRISE = URN.enterpriseUser

/**
 * An Okta user as a SCIM User (RFC 7643 §4.1 and §4.3), for sources of people. Okta's base
 * profile properties are named after SCIM's (developer.okta.com/docs/reference/api/users/
 * #default-profile-properties), so the mapping is mostly a renaming. `externalId` is the Okta
 * user id: the id Okta's own SCIM provisioning sends as `externalId`, so a person pushed by Okta
 * into an inbound SCIM directory and the same person read from the Users API correlate.
 */
export function oktaUserToScim(
  user: OktaUser,
  groups: ReadonlyArray<{ value: string; display: string }>,
): Record<string, unknown> {
  const p = user.profile
  const value = (name: string) => {
    const v = p[name]
    return typeof v === 'string' && v !== '' ? v : undefined
  }
  const emails = [
    ...(value('email') ? [{ value: value('email'), type: 'work', primary: true }] : []),
    ...(value('secondEmail') ? [{ value: value('secondEmail'), type: 'other' }] : []),
  ]
  const phones = [
    ...(value('mobilePhone') ? [{ value: value('mobilePhone'), type: 'mobile' }] : []),
    ...(value('primaryPhone')
      ? [{ value: value('primaryPhone'), type: 'work', primary: true }]
      : []),
  ]
  const address = compact({
    streetAddress: value('streetAddress'),
    locality: value('city'),
    region: value('state'),
    postalCode: value('zipCode'),
    country: value('countryCode'),
    type: 'work',
  })
  const enterprise = compact({
    employeeNumber: value('employeeNumber'),
    costCenter: value('costCenter'),
    organization: value('organization'),
    division: value('division'),
    department: value('department'),
    ...(value('managerId') || value('manager')
      ? { manager: compact({ value: value('managerId'), displayName: value('manager') }) }
      : {}),
  })
  return compact({
    schemas: [URN.user, ...(Object.keys(enterprise).length > 0 ? [ENTERPRISE] : [])],
    userName: value('login') ?? user.id,
    externalId: user.id,
    name: compact({
      givenName: value('firstName'),
      familyName: value('lastName'),
      middleName: value('middleName'),
      honorificPrefix: value('honorificPrefix'),
      honorificSuffix: value('honorificSuffix'),
    }),
    displayName:
      value('displayName') ??
      ([value('firstName'), value('lastName')].filter(Boolean).join(' ') || undefined),
    nickName: value('nickName'),
    title: value('title'),
    userType: value('userType'),
    preferredLanguage: value('preferredLanguage'),
    locale: value('locale'),
    timezone: value('timezone'),
    active: isActiveStatus(user.status),
    emails: emails.length > 0 ? emails : undefined,
    phoneNumbers: phones.length > 0 ? phones : undefined,
    addresses: Object.keys(address).length > 1 ? [address] : undefined,
    groups: groups.length > 0 ? groups : undefined,
    ...(Object.keys(enterprise).length > 0 ? { [ENTERPRISE]: enterprise } : {}),
  })
}

function compact(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).filter(
      ([, v]) =>
        v !== undefined && !(typeof v === 'object' && v !== null && Object.keys(v).length === 0),
    ),
  )
}
