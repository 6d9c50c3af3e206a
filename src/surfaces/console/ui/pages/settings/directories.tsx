import { type FormEvent, useId, useState } from 'react'
import { describeError } from '../../api/client.js'
import type { Directory } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { useSession } from '../../app/session.js'
import { ConfirmButton } from '../../components/confirm-button.js'
import { Field } from '../../components/field.js'
import { DateTime } from '../../components/format.js'
import { Loaded } from '../../components/loaded.js'
import { useNotice } from '../../components/notice.js'
import { Table } from '../../components/table.js'
import { useIssuedSecret } from './use-secret.js'

type Created = Directory & { token: string }

/** Inbound SCIM directories: the IdP pushes people into each with its own bearer token. */
export function Directories() {
  const { api } = useSession()
  const { resource, reload } = useApi<{ directories: Directory[] }>('/scim/directories')
  const [secret, showSecret] = useIssuedSecret()
  const [notice, showNotice] = useNotice()

  const rotate = async (directory: Directory) => {
    const rotated = await api.post<{ token: string }>(
      `/scim/directories/${directory.id}/regenerate-token`,
    )
    showSecret({
      title: `New token for ${directory.name}`,
      label: 'SCIM bearer token',
      value: rotated.token,
    })
    reload()
  }
  const remove = async (directory: Directory) => {
    await api.delete(`/scim/directories/${directory.id}`)
    showNotice(`Deleted the directory ${directory.name}; its token no longer works.`)
    reload()
  }
  const created = (directory: Created) => {
    showSecret({
      title: `Token for ${directory.name}`,
      label: 'SCIM bearer token',
      value: directory.token,
      extra: (
        <p>
          SCIM base URL for the IdP: <code>{directory.scimBaseUrl}</code>
        </p>
      ),
    })
    reload()
  }

  return (
    <>
      {notice}
      {secret}
      <Loaded resource={resource} what="SCIM directories" retry={reload}>
        {({ directories }) => (
          <Table
            caption="SCIM directories"
            captionHidden
            rows={directories}
            rowKey={(d) => d.id}
            empty="No SCIM directory yet."
            columns={[
              { header: 'Name', cell: (d) => d.name },
              { header: 'IdP profile', cell: (d) => d.settings.profile },
              {
                header: 'SCIM base URL',
                cell: (d) => <code className="break">{d.scimBaseUrl}</code>,
              },
              { header: 'Token', cell: (d) => <code className="nowrap">…{d.tokenHint}</code> },
              { header: 'Token issued', cell: (d) => <DateTime value={d.tokenRotatedAt} /> },
              {
                header: 'Actions',
                cell: (d) => (
                  <div className="row-actions">
                    <ConfirmButton
                      label="Rotate token"
                      name={`Rotate token of ${d.name}`}
                      title={`Rotate the token of ${d.name}?`}
                      confirmLabel="Rotate token"
                      onConfirm={() => rotate(d)}
                    >
                      <p>The current token stops working at once. Give the new one to the IdP.</p>
                    </ConfirmButton>
                    <ConfirmButton
                      danger
                      label="Delete"
                      name={`Delete ${d.name}`}
                      title={`Delete ${d.name}?`}
                      confirmLabel="Delete directory"
                      onConfirm={() => remove(d)}
                    >
                      <p>
                        The IdP can no longer push into it. People it brought stay until a sync says
                        otherwise.
                      </p>
                    </ConfirmButton>
                  </div>
                ),
              },
            ]}
          />
        )}
      </Loaded>
      <CreateDirectory onCreated={created} />
    </>
  )
}

function CreateDirectory({ onCreated }: { onCreated: (directory: Created) => void }) {
  const { api } = useSession()
  const [error, setError] = useState<string | null>(null)
  const profileId = useId()
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const formElement = event.currentTarget
    const form = new FormData(formElement)
    setError(null)
    try {
      const created = await api.post<Created>('/scim/directories', {
        name: String(form.get('name') ?? '').trim() || undefined,
        settings: { profile: String(form.get('profile') ?? 'standard') },
      })
      formElement.reset()
      onCreated(created)
    } catch (failure) {
      setError(describeError(failure))
    }
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New SCIM directory">
      <h3>New SCIM directory</h3>
      <Field label="Name" hint="What pushes into it, e.g. Okta" error={error}>
        {(props) => <input {...props} name="name" maxLength={200} required />}
      </Field>
      <div className="field">
        <label htmlFor={profileId}>IdP profile</label>
        <select id={profileId} name="profile" defaultValue="standard">
          <option value="standard">Standard (RFC 7644)</option>
          <option value="okta">Okta</option>
          <option value="entra">Microsoft Entra ID</option>
        </select>
      </div>
      <button type="submit" className="button button-primary">
        Create directory
      </button>
    </form>
  )
}
