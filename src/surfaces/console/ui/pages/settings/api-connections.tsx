import { type FormEvent, useState } from 'react'
import { describeError } from '../../api/client.js'
import type { ApiConnection } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { useSession } from '../../app/session.js'
import { CheckboxGroup, Field } from '../../components/field.js'
import { Loaded } from '../../components/loaded.js'
import { useNotice } from '../../components/notice.js'
import { type Column, Table } from '../../components/table.js'
import { ClientActions } from './client-actions.js'
import { MANAGEMENT_SCOPES, splitList } from './scopes.js'
import { useIssuedSecret } from './use-secret.js'

type Created = ApiConnection & { clientSecret: string }

/** API connections: client credentials for servers, usable only from their egress IPs. */
export function ApiConnections() {
  const { api, can } = useSession()
  const { resource, reload } = useApi<{ connections: ApiConnection[] }>('/oauth/connections')
  const [secret, showSecret] = useIssuedSecret()
  const [notice, showNotice] = useNotice()
  const manage = can('integrations:manage')

  const rotate = async (c: ApiConnection) => {
    const rotated = await api.post<{ clientSecret: string }>(
      `/oauth/connections/${c.id}/rotate-secret`,
    )
    showSecret({
      title: `New secret for ${c.name}`,
      label: 'Client secret',
      value: rotated.clientSecret,
    })
    reload()
  }
  const remove = async (c: ApiConnection) => {
    await api.delete(`/oauth/connections/${c.id}`)
    showNotice(`Deleted the API connection ${c.name}.`)
    reload()
  }
  const columns: Array<Column<ApiConnection>> = [
    { header: 'Name', cell: (c) => c.name },
    { header: 'Client ID', cell: (c) => <code className="break">{c.clientId}</code> },
    { header: 'Allowed IPs', cell: (c) => c.allowedIps.join(', ') },
    { header: 'Scopes', cell: (c) => c.scopes.join(' ') },
    { header: 'Secret', cell: (c) => <code className="nowrap">…{c.secretHint}</code> },
  ]
  if (manage) {
    columns.push({
      header: 'Actions',
      cell: (c) => (
        <ClientActions
          name={c.name}
          kind="API connection"
          onRotate={() => rotate(c)}
          onDelete={() => remove(c)}
        />
      ),
    })
  }
  const created = (c: Created) => {
    showSecret({
      title: `Client secret for ${c.name}`,
      label: 'Client secret',
      value: c.clientSecret,
      extra: (
        <p>
          Client ID: <code>{c.clientId}</code>. Get tokens with the client credentials grant at{' '}
          <code>/oauth/token</code>.
        </p>
      ),
    })
    reload()
  }
  return (
    <>
      {notice}
      {secret}
      <Loaded resource={resource} what="API connections" retry={reload}>
        {({ connections }) => (
          <Table
            caption="API connections"
            captionHidden
            rows={connections}
            rowKey={(c) => c.id}
            empty="No API connection yet."
            columns={columns}
          />
        )}
      </Loaded>
      {manage ? <CreateConnection onCreated={created} /> : null}
    </>
  )
}

function CreateConnection({ onCreated }: { onCreated: (connection: Created) => void }) {
  const { api } = useSession()
  const [error, setError] = useState<string | null>(null)
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const formElement = event.currentTarget
    const form = new FormData(formElement)
    setError(null)
    try {
      const created = await api.post<Created>('/oauth/connections', {
        name: String(form.get('name') ?? '').trim() || undefined,
        allowedIps: splitList(String(form.get('allowedIps') ?? '')),
        scopes: form.getAll('scopes').map(String),
      })
      formElement.reset()
      onCreated(created)
    } catch (failure) {
      setError(describeError(failure))
    }
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New API connection">
      <h3>New API connection</h3>
      <Field label="Name">{(props) => <input {...props} name="name" maxLength={200} />}</Field>
      <Field
        label="Allowed egress IPs"
        hint="CIDRs, comma-separated or one per line, e.g. 203.0.113.0/24"
        error={error}
      >
        {(props) => <textarea {...props} name="allowedIps" rows={2} required />}
      </Field>
      <CheckboxGroup
        legend="Scopes"
        name="scopes"
        options={MANAGEMENT_SCOPES}
        defaultChecked={['integrations:read']}
      />
      <button type="submit" className="button button-primary">
        Create API connection
      </button>
    </form>
  )
}
