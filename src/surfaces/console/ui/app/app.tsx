import { useEffect } from 'react'
import { PageHeader } from '../components/page-header.js'
import { pages } from '../pages/registry.js'
import { Layout } from './layout.js'
import type { PageDefinition } from './pages.js'
import { matchPath, RouterProvider, useLocation, useNavigate } from './router.js'
import { SessionProvider, useSession } from './session.js'

export const SIGN_IN_PATH = '/sign-in'

/** The console: routing, the session, and the page the location names. */
export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </RouterProvider>
  )
}

function findPage(path: string): { page: PageDefinition; params: Record<string, string> } | null {
  for (const page of pages) {
    const params = matchPath(page.path, path)
    if (params) return { page, params }
  }
  return null
}

/** Only a path on this console, never `//elsewhere`: `next` comes from the address bar. */
export function safeNext(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) && next !== SIGN_IN_PATH ? next : '/'
}

function Shell() {
  const { state, can } = useSession()
  const location = useLocation()
  const navigate = useNavigate()
  const { path, query } = location
  const found = findPage(path)

  useEffect(() => {
    if (state.status === 'signed-out' && !found?.page.public) {
      const here = `${path}${query.size > 0 ? `?${query}` : ''}`
      navigate(`${SIGN_IN_PATH}?next=${encodeURIComponent(here)}`, { replace: true })
    }
    if (state.status === 'signed-in' && path === SIGN_IN_PATH) {
      navigate(safeNext(query.get('next')), { replace: true })
    }
  }, [state.status, found, path, query, navigate])

  if (state.status === 'loading') {
    return (
      <p className="boot" role="status">
        Loading the console…
      </p>
    )
  }
  if (state.status === 'signed-out') {
    if (!found?.page.public) return null
    const Page = found.page.component
    return <Page params={found.params} />
  }
  const visible = pages.filter((page) => !page.public && (!page.requires || can(page.requires)))
  return (
    <Layout session={state.session} pages={visible}>
      <PageOrProblem found={found} allowed={!found?.page.requires || can(found.page.requires)} />
    </Layout>
  )
}

function PageOrProblem({
  found,
  allowed,
}: {
  found: ReturnType<typeof findPage>
  allowed: boolean
}) {
  if (!found || found.page.public)
    return <Problem title="Page not found" text="There is no such page in the console." />
  if (!allowed) {
    return (
      <Problem
        title="Not allowed"
        text={`Your role does not include the ${found.page.requires} permission this page needs.`}
      />
    )
  }
  const Page = found.page.component
  return <Page params={found.params} />
}

function Problem({ title, text }: { title: string; text: string }) {
  return (
    <>
      <PageHeader title={title} />
      <p>{text}</p>
    </>
  )
}
