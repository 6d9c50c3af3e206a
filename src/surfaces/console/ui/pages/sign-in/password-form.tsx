import { type FormEvent, useState } from 'react'
import { ApiError, describeError } from '../../api/client.js'
import { useSession } from '../../app/session.js'
import { Field } from '../../components/field.js'

const LAST_WORKSPACE = 'rollcall.workspace'

type Failure = { message: string; ssoUrl?: string }

/** Email, password and workspace; the workspace slug is remembered on this browser. */
export function PasswordForm() {
  const { signIn } = useSession()
  const [failure, setFailure] = useState<Failure | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const input = {
      email: String(form.get('email') ?? '').trim(),
      password: String(form.get('password') ?? ''),
      workspace: String(form.get('workspace') ?? '').trim(),
    }
    setBusy(true)
    setFailure(null)
    try {
      await signIn(input)
      window.localStorage.setItem(LAST_WORKSPACE, input.workspace)
    } catch (error) {
      setFailure(toFailure(error))
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">With a password</h2>
      <form onSubmit={submit} noValidate={false}>
        <Field label="Workspace">
          {(props) => (
            <input
              {...props}
              name="workspace"
              required
              autoComplete="organization"
              defaultValue={window.localStorage.getItem(LAST_WORKSPACE) ?? ''}
            />
          )}
        </Field>
        <Field label="Email">
          {(props) => (
            <input {...props} name="email" type="email" required autoComplete="username" />
          )}
        </Field>
        <Field label="Password">
          {(props) => (
            <input
              {...props}
              name="password"
              type="password"
              required
              autoComplete="current-password"
            />
          )}
        </Field>
        {failure ? (
          <div className="message message-error" role="alert">
            <p>{failure.message}</p>
            {failure.ssoUrl ? <a href={failure.ssoUrl}>Sign in with SSO instead</a> : null}
          </div>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  )
}

function toFailure(error: unknown): Failure {
  if (error instanceof ApiError && error.code === 'PASSWORD_SIGN_IN_DISABLED') {
    const details = error.details as { ssoUrl?: unknown } | undefined
    return {
      message: error.message,
      ...(typeof details?.ssoUrl === 'string' ? { ssoUrl: details.ssoUrl } : {}),
    }
  }
  return { message: describeError(error) }
}
