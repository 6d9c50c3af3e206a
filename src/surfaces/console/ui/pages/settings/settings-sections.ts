import type { ComponentType } from 'react'
import type { Permission } from '../../api/types.js'
import { ApiConnections } from './api-connections.js'
import { Directories } from './directories.js'
import { Members } from './members.js'
import { OAuthApps } from './oauth-apps.js'
import { SamlConnection } from './saml-connection.js'

/** One settings section, shown to members whose role has `requires`. */
export type SettingsSection = {
  readonly id: string
  readonly title: string
  readonly requires: Permission
  readonly component: ComponentType
}

export const settingsSections: readonly SettingsSection[] = [
  { id: 'directories', title: 'SCIM directories', requires: 'scim:manage', component: Directories },
  { id: 'oauth-apps', title: 'OAuth apps', requires: 'integrations:read', component: OAuthApps },
  {
    id: 'api-connections',
    title: 'API connections',
    requires: 'integrations:read',
    component: ApiConnections,
  },
  { id: 'saml', title: 'SAML single sign-on', requires: 'saml:manage', component: SamlConnection },
  { id: 'members', title: 'Members', requires: 'integrations:read', component: Members },
]
