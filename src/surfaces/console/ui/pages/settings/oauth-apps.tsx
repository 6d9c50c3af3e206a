import { type FormEvent, useId, useState } from 'react'
import { describeError } from '../../api/client.js'
import type { OAuthApp } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { useSession } from '../../app/session.js'
import { CheckboxGroup, Field } from '../../components/field.js'
import { Loaded } from '../../components/loaded.js'
import { useNotice } from '../../components/notice.js'
import { type Column, Table } from '../../components/table.js'
import { ClientActions } from './client-actions.js'
import { APP_SCOPES, splitList } from './scopes.js'
import { useIssuedSecret } from './use-secret.js'

/** OAuth apps: confidential clients of the authorization code flow against the hub's API. */
export function OAuthApps() {
  const { api, can } = useSession()
  const { resource, reload } = useApi<{ apps: OAuthApp[] }>('/oauth/apps')
  const [secret, showSecret] = useIssuedSecret()
  const [notice, showNotice] = useNotice()
  const manage = can('integrations:manage')

  const rotate = async (app: OAuthApp) => {
    const rotated = await api.post<{ clientSecret: string }>(`/oauth/apps/${app.id}/rotate-secret`)
    showSecret({
      title: `New secret for ${app.name}`,
      label: 'Client secret',
      value: rotated.clientSecret,
    })
    reload()
  }
  const remove = async (app: OAuthApp) => {
    await api.delete(`/oauth/apps/${app.id}`)
    showNotice(`Deleted the OAuth app ${app.name}.`)
    reload()
  }
  const columns: Array<Column<OAuthApp>> = [
    { header: 'Name', cell: (a) => a.name },
    { header: 'Client ID', cell: (a) => <code className="break">{a.clientId}</code> },
    {
      header: 'Redirect URIs',
      cell: (a) => <span className="break">{a.redirectUris.join(', ')}</span>,
    },
    { header: 'Scopes', cell: (a) => a.scopes.join(' ') },
    { header: 'PKCE', cell: (a) => a.pkce },
    { header: 'Secret', cell: (a) => <code className="nowrap">…{a.secretHint}</code> },
  ]
  if (manage) {
    columns.push({
      header: 'Actions',
      cell: (a) => (
        <ClientActions
          name={a.name}
          kind="OAuth app"
          onRotate={() => rotate(a)}
          onDelete={() => remove(a)}
        />
      ),
    })
  }
  return (
    <>
      {notice}
      {secret}
      <Loaded resource={resource} what="OAuth apps" retry={reload}>
        {({ apps }) => (
          <Table
            caption="OAuth apps"
            captionHidden
            rows={apps}
            rowKey={(a) => a.id}
            empty="No OAuth app yet."
            columns={columns}
          />
        )}
      </Loaded>
      {manage ? (
        <CreateOAuthApp
          onCreated={(app) => {
            showSecret({
              title: `Client secret for ${app.name}`,
              label: 'Client secret',
              value: app.clientSecret,
              extra: (
                <p>
                  Client ID: <code>{app.clientId}</code>
                </p>
              ),
            })
            reload()
          }}
        />
      ) : null}
    </>
  )
}

function CreateOAuthApp({
  onCreated,
}: {
  onCreated: (app: OAuthApp & { clientSecret: string }) => void
}) {
  const { api } = useSession()
  const [error, setError] = useState<string | null>(null)
  const pkceId = useId()
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const formElement = event.currentTarget
    const form = new FormData(formElement)
    setError(null)
    try {
      const created = await api.post<OAuthApp & { clientSecret: string }>('/oauth/apps', {
        name: String(form.get('name') ?? '').trim(),
        redirectUris: splitList(String(form.get('redirectUris') ?? '')),
        scopes: form.getAll('scopes').map(String),
        pkce: String(form.get('pkce') ?? 'required'),
      })
      formElement.reset()
      onCreated(created)
    } catch (failure) {
      setError(describeError(failure))
    }
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New OAuth app">
      <h3>New OAuth app</h3>
      <Field label="Name">
        {(props) => <input {...props} name="name" required maxLength={200} />}
      </Field>
      <Field label="Redirect URIs" hint="One per line; https, or http on localhost." error={error}>
        {(props) => <textarea {...props} name="redirectUris" rows={2} required />}
      </Field>
      <CheckboxGroup
        legend="Scopes"
        name="scopes"
        options={APP_SCOPES}
        defaultChecked={['openid']}
      />
      <div className="field">
        <label htmlFor={pkceId}>PKCE</label>
        <select id={pkceId} name="pkce" defaultValue="required">
          <option value="required">Required</option>
          <option value="optional">Optional</option>
        </select>
      </div>
      <button type="submit" className="button button-primary">
        Create OAuth app
      </button>
    </form>
  )
}
