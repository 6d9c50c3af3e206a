import type { SamlConnection as Connection } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { useSession } from '../../app/session.js'
import { Badge } from '../../components/badge.js'
import { ConfirmButton } from '../../components/confirm-button.js'
import { Fact, Facts } from '../../components/facts.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { useNotice } from '../../components/notice.js'
import { CreateSamlConnection } from './saml-create.js'

/** The workspace's IdP for single sign-on: what to give the IdP, what it sent, and enforce mode. */
export function SamlConnection() {
  const { resource, reload } = useApi<{ connections: Connection[] }>('/saml/connections')
  const [notice, showNotice] = useNotice()
  const changed = (message: string) => {
    showNotice(message)
    reload()
  }
  return (
    <>
      {notice}
      <Loaded resource={resource} what="the SAML connection" retry={reload}>
        {({ connections }) => {
          const connection = connections[0]
          return connection ? (
            <Details connection={connection} onChanged={changed} />
          ) : (
            <CreateSamlConnection onCreated={() => changed('Connected the IdP.')} />
          )
        }}
      </Loaded>
    </>
  )
}

function Details({
  connection,
  onChanged,
}: {
  connection: Connection
  onChanged: (message: string) => void
}) {
  const { api } = useSession()
  const enforce = async (enforced: boolean) => {
    await api.patch('/saml/enforce', { enforced })
    onChanged(
      enforced
        ? 'Password sign-in is now off for these domains.'
        : 'Password sign-in is allowed again.',
    )
  }
  const allowIdpInitiated = async (allowed: boolean) => {
    await api.patch(`/saml/connections/${connection.id}`, { allowIdpInitiated: allowed })
    onChanged(
      allowed
        ? 'Sign-in started at the IdP is now accepted.'
        : 'Sign-in must now start at Rollcall.',
    )
  }
  const remove = async () => {
    await api.delete(`/saml/connections/${connection.id}`)
    onChanged('Removed the SAML connection.')
  }
  return (
    <>
      <h3>Give these to the IdP</h3>
      <Facts>
        <Fact label="SP entity ID">
          <code className="break">{connection.spEntityId}</code>
        </Fact>
        <Fact label="ACS URL">
          <code className="break">{connection.acsUrl}</code>
        </Fact>
        <Fact label="SP metadata">
          <a href={connection.metadataUrl}>{connection.metadataUrl}</a>
        </Fact>
      </Facts>
      <h3>The IdP</h3>
      <Facts>
        <Fact label="IdP entity ID">
          <code className="break">{connection.idp.entityId}</code>
        </Fact>
        <Fact label="SSO URL">
          <code className="break">{connection.idp.ssoUrl}</code>
        </Fact>
        <Fact label="Signing certificates">
          <ul className="inline-list">
            {connection.idp.certificates.map((c) => (
              <li key={c.fingerprint256}>
                {c.subject}, valid until <DateTime value={c.validTo} />
              </li>
            ))}
          </ul>
        </Fact>
        <Fact label="Email domains">{connection.allowedDomains.join(', ') || 'None'}</Fact>
        <Fact label="New members on first sign-in">
          {connection.jitProvisioning ? 'Yes' : 'No'}
        </Fact>
        <Fact label="Sign-in started at the IdP">
          {connection.allowIdpInitiated ? (
            <Badge tone="warn">Accepted</Badge>
          ) : (
            <Badge>Refused</Badge>
          )}
        </Fact>
        <Fact label="Password sign-in">
          {connection.enforced ? (
            <Badge tone="warn">Off: SSO required</Badge>
          ) : (
            <Badge>Allowed</Badge>
          )}
        </Fact>
      </Facts>
      <div className="row-actions">
        <ConfirmButton
          label={connection.enforced ? 'Allow password sign-in' : 'Require SSO'}
          title={
            connection.enforced ? 'Allow password sign-in again?' : 'Require SSO for these domains?'
          }
          confirmLabel={connection.enforced ? 'Allow passwords' : 'Require SSO'}
          onConfirm={() => enforce(!connection.enforced)}
        >
          <p>
            {connection.enforced
              ? 'Members of these domains may sign in with a password again.'
              : 'Members of these domains can then only sign in through the IdP. Make sure it works first.'}
          </p>
        </ConfirmButton>
        <ConfirmButton
          label={
            connection.allowIdpInitiated
              ? 'Refuse sign-in started at the IdP'
              : 'Accept sign-in started at the IdP'
          }
          title={
            connection.allowIdpInitiated
              ? 'Refuse sign-in started at the IdP?'
              : 'Accept sign-in started at the IdP?'
          }
          confirmLabel={connection.allowIdpInitiated ? 'Refuse' : 'Accept'}
          onConfirm={() => allowIdpInitiated(!connection.allowIdpInitiated)}
        >
          <p>
            {connection.allowIdpInitiated
              ? 'Members then sign in from Rollcall; the IdP’s app tile stops working.'
              : 'The IdP’s app tile then signs members in without Rollcall asking first. Such responses answer no request of ours, so a site that gets one can sign a browser in as someone else (login CSRF); turn it on only if your members need the tile.'}
          </p>
        </ConfirmButton>
        <ConfirmButton
          danger
          label="Remove SAML connection"
          title="Remove the SAML connection?"
          confirmLabel="Remove"
          onConfirm={remove}
        >
          <p>Nobody can sign in with SSO until an IdP is connected again.</p>
        </ConfirmButton>
      </div>
    </>
  )
}
