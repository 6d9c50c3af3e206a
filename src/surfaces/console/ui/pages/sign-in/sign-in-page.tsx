import { useEffect } from 'react'
import { useLocation } from '../../app/router.js'
import { useSession } from '../../app/session.js'
import { PasswordForm } from './password-form.js'
import { SsoForm } from './sso-form.js'

/**
 * Sign-in: with a password (a local account of the workspace), or with the company's IdP (SAML),
 * found from the email's domain through `/saml/check`.
 */
export function SignInPage() {
  const { state } = useSession()
  const { query } = useLocation()
  const next = query.get('next') ?? '/'
  const reason = state.status === 'signed-out' ? state.reason : undefined

  useEffect(() => {
    document.title = 'Sign in · Rollcall'
  }, [])

  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Rollcall</h1>
      {reason ? (
        <p className="message message-info" role="status">
          {reason}
        </p>
      ) : null}
      <div className="sign-in-options">
        <PasswordForm />
        <SsoForm next={next} />
      </div>
    </main>
  )
}
