import { type FormEvent, useState } from 'react'
import { describeError } from '../../api/client.js'
import { useSession } from '../../app/session.js'
import { Field } from '../../components/field.js'
import { splitList } from './scopes.js'

/** Connects the IdP from its metadata (pasted XML or a URL the hub fetches). */
export function CreateSamlConnection({ onCreated }: { onCreated: () => void }) {
  const { api } = useSession()
  const [error, setError] = useState<string | null>(null)
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const metadataXml = String(form.get('metadataXml') ?? '').trim()
    const metadataUrl = String(form.get('metadataUrl') ?? '').trim()
    if (!metadataXml && !metadataUrl) {
      setError('Paste the IdP metadata or give its URL.')
      return
    }
    setError(null)
    try {
      await api.post('/saml/connections', {
        ...(metadataXml ? { metadataXml } : { metadataUrl }),
        allowedDomains: splitList(String(form.get('allowedDomains') ?? '')),
        jitProvisioning: form.get('jitProvisioning') === 'on',
        allowIdpInitiated: form.get('allowIdpInitiated') === 'on',
      })
      onCreated()
    } catch (failure) {
      setError(describeError(failure))
    }
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Connect an IdP" noValidate>
      <p>No IdP is connected. Connect one from its SAML metadata.</p>
      <Field label="IdP metadata (XML)">
        {(props) => <textarea {...props} name="metadataXml" rows={5} spellCheck={false} />}
      </Field>
      <Field label="Or the IdP metadata URL" hint="https; the hub fetches it when you save.">
        {(props) => <input {...props} name="metadataUrl" type="url" />}
      </Field>
      <Field
        label="Email domains"
        hint="Comma-separated; SSO sign-in finds this workspace by them."
        error={error}
      >
        {(props) => <input {...props} name="allowedDomains" />}
      </Field>
      <div className="field field-inline">
        <input id="saml-jit" type="checkbox" name="jitProvisioning" />
        <label htmlFor="saml-jit">Create a member on first sign-in</label>
      </div>
      <div className="field field-inline">
        <input id="saml-idp-initiated" type="checkbox" name="allowIdpInitiated" />
        <label htmlFor="saml-idp-initiated">
          Allow sign-in started at the IdP (its app tile); off is safer
        </label>
      </div>
      <button type="submit" className="button button-primary">
        Connect IdP
      </button>
    </form>
  )
}
