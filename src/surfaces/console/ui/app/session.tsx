import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react'
import { ApiClient, ApiError } from '../api/client.js'
import type { Permission, Session } from '../api/types.js'

export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'signed-out'; readonly reason?: string }
  | { readonly status: 'signed-in'; readonly session: Session }

export type SignInInput = { email: string; password: string; workspace: string }

type SessionContextValue = {
  readonly state: SessionState
  readonly api: ApiClient
  signIn(input: SignInInput): Promise<void>
  signOut(): Promise<void>
  /** Whether the signed-in member's role grants a permission (seed 002 roles). */
  can(permission: Permission): boolean
}

const SessionContext = createContext<SessionContextValue | null>(null)

/**
 * The console session: `GET /auth/session` on load, `POST /auth/login` and `/auth/logout`. The
 * CSRF token lives in memory only (never in storage) and goes on every state-changing call.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' })
  const [api] = useState(
    () =>
      new ApiClient(() =>
        setState({ status: 'signed-out', reason: 'Your session ended. Sign in again.' }),
      ),
  )

  const adopt = useCallback(
    (session: Session) => {
      api.setCsrfToken(session.csrfToken)
      setState({ status: 'signed-in', session })
    },
    [api],
  )

  useEffect(() => {
    api.get<Session>('/auth/session').then(adopt, (error: unknown) => {
      if (!(error instanceof ApiError) || error.status !== 401) console.error(error)
      setState({ status: 'signed-out' })
    })
  }, [api, adopt])

  const signIn = useCallback(
    async (input: SignInInput) => adopt(await api.post<Session>('/auth/login', input)),
    [api, adopt],
  )

  const signOut = useCallback(async () => {
    await api.post('/auth/logout')
    api.setCsrfToken(null)
    setState({ status: 'signed-out', reason: 'You signed out.' })
  }, [api])

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      api,
      signIn,
      signOut,
      can: (permission) =>
        state.status === 'signed-in' && state.session.permissions.includes(permission),
    }),
    [state, api, signIn, signOut],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside SessionProvider')
  return value
}

/** The signed-in session; only for pages behind sign-in. */
export function useSignedIn(): Session {
  const { state } = useSession()
  if (state.status !== 'signed-in') throw new Error('useSignedIn while signed out')
  return state.session
}
