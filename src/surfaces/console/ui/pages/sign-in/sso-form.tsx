import { type FormEvent, useState } from 'react'
import { describeError } from '../../api/client.js'
import type { SsoCheck } from '../../api/types.js'
import { BASE } from '../../app/router.js'
import { useSession } from '../../app/session.js'
import { Field } from '../../components/field.js'

/**
 * "Sign in with SSO": `/saml/check` tells whether the email's domain belongs to a workspace with
 * a SAML connection; the browser then goes to that workspace's SP-initiated sign-in and comes
 * back to the page it asked for.
 */
export function SsoForm({ next }: { next: string }) {
  const { api } = useSession()
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const email = String(new FormData(event.currentTarget).get('email') ?? '').trim()
    setBusy(true)
    setMessage(null)
    try {
      const check = await api.get<SsoCheck>('/saml/check', { email })
      if (!check.sso) {
        setMessage(`Single sign-on is not set up for ${check.domain}. Sign in with a password.`)
        setBusy(false)
        return
      }
      const returnTo = `${BASE}${next === '/' ? '' : next}`
      window.location.assign(`${check.authorizeUrl}?returnTo=${encodeURIComponent(returnTo)}`)
    } catch (error) {
      setMessage(describeError(error))
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="sso-heading">
      <h2 id="sso-heading">With single sign-on</h2>
      <p className="muted">Your company's identity provider signs you in (SAML).</p>
      <form onSubmit={submit}>
        <Field label="Work email" hint="We look up your company's sign-in from its domain.">
          {(props) => <input {...props} name="email" type="email" required autoComplete="email" />}
        </Field>
        {message ? (
          <p className="message message-error" role="alert">
            {message}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Looking up…' : 'Sign in with SSO'}
        </button>
      </form>
    </section>
  )
}
