import { type ReactNode, useState } from 'react'
import { describeError } from '../api/client.js'
import type { Session } from '../api/types.js'
import { DepartureBanner } from './departure-banner.js'
import type { PageDefinition } from './pages.js'
import { Link, matchPath, useLocation } from './router.js'
import { useSession } from './session.js'

/**
 * The frame of every signed-in page: a skip link, the workspace and who is signed in, the main
 * navigation (built from the page registry) and the main region.
 */
export function Layout({
  session,
  pages,
  children,
}: {
  session: Session
  pages: readonly PageDefinition[]
  children: ReactNode
}) {
  const { can } = useSession()
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <TopBar session={session} />
      {can('integrations:read') ? <DepartureBanner /> : null}
      <div className="frame">
        <MainNav pages={pages} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  )
}

function TopBar({ session }: { session: Session }) {
  const { signOut } = useSession()
  const [error, setError] = useState<string | null>(null)
  const leave = () => signOut().catch((failure: unknown) => setError(describeError(failure)))
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        Rollcall
      </Link>
      <p className="topbar-workspace">
        <span className="visually-hidden">Workspace: </span>
        {session.workspace.slug ?? session.workspace.id}
      </p>
      <p className="topbar-who">
        {session.member.email} <span className="muted">({session.member.role})</span>
      </p>
      <button type="button" className="button button-quiet" onClick={leave}>
        Sign out
      </button>
      {error ? (
        <p role="alert" className="topbar-error">
          {error}
        </p>
      ) : null}
    </header>
  )
}

function MainNav({ pages }: { pages: readonly PageDefinition[] }) {
  const { path } = useLocation()
  const items = pages
    .filter((page) => page.nav)
    .sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0))
  return (
    <nav aria-label="Main" className="mainnav">
      <ul>
        {items.map((page) => {
          const current = isCurrent(page.path, path)
          return (
            <li key={page.id}>
              <Link to={page.path} aria-current={current ? 'page' : undefined}>
                {page.nav?.label}
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}

/** A section is current on its own page and on the pages below it (`/people/:id`). */
function isCurrent(pagePath: string, path: string): boolean {
  if (pagePath === '/') return path === '/'
  return matchPath(pagePath, path) !== null || path.startsWith(`${pagePath}/`)
}
