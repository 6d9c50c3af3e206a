import {
  type AnchorHTMLAttributes,
  createContext,
  type MouseEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react'

/** Where the hub serves the console (src/surfaces/console/web-routes.ts); every route is below it. */
export const BASE = '/console'

export type ConsoleLocation = {
  /** The path below BASE, always starting with `/`. */
  readonly path: string
  readonly query: URLSearchParams
  /** How many in-app navigations happened; 0 on the first page load (focus stays put then). */
  readonly navigations: number
}

type Router = {
  readonly location: ConsoleLocation
  navigate(to: string, options?: { replace?: boolean }): void
}

const RouterContext = createContext<Router | null>(null)

function readLocation(navigations: number): ConsoleLocation {
  const { pathname, search } = window.location
  const below = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname
  return { path: below === '' ? '/' : below, query: new URLSearchParams(search), navigations }
}

/** History-API routing under /console; the server answers every such path with the app. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(() => readLocation(0))

  useEffect(() => {
    // A fragment link (the skip link) also fires popstate: only a new path or query is a navigation.
    const onPop = () =>
      setLocation((current) => {
        const next = readLocation(current.navigations + 1)
        const same = next.path === current.path && `${next.query}` === `${current.query}`
        return same ? current : next
      })
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])

  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    const url = `${BASE}${to === '/' ? '' : to}`
    if (options.replace) window.history.replaceState(null, '', url)
    else window.history.pushState(null, '', url)
    setLocation((current) => readLocation(current.navigations + 1))
    if (!options.replace) window.scrollTo(0, 0)
  }, [])

  const router = useMemo(() => ({ location, navigate }), [location, navigate])
  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>
}

function useRouter(): Router {
  const router = useContext(RouterContext)
  if (!router) throw new Error('useRouter outside RouterProvider')
  return router
}

export function useLocation(): ConsoleLocation {
  return useRouter().location
}

export function useNavigate(): Router['navigate'] {
  return useRouter().navigate
}

/** The params of `pattern` (`/people/:id`) in `path`, or null when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean)
  const have = path.split('/').filter(Boolean)
  if (want.length !== have.length) return null
  const params: Record<string, string> = {}
  for (const [index, part] of want.entries()) {
    const value = have[index] ?? ''
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value)
    else if (part !== value) return null
  }
  return params
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string }

/** A real link (open in a new tab works) that navigates in place on a plain click. */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const navigate = useNavigate()
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event)
    if (event.defaultPrevented || event.button !== 0) return
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    navigate(to)
  }
  return (
    <a href={`${BASE}${to === '/' ? '' : to}`} onClick={follow} {...rest}>
      {children}
    </a>
  )
}
