import { type ReactNode, useEffect, useRef } from 'react'
import { useLocation } from '../app/router.js'

/**
 * The page's one h1. It names the document, and after an in-app navigation it takes focus, so a
 * screen reader announces the new page and Tab continues from its top (focus management for
 * single-page apps; the first load leaves focus to the browser).
 */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string
  description?: ReactNode
  actions?: ReactNode
}) {
  const heading = useRef<HTMLHeadingElement>(null)
  const { navigations } = useLocation()

  useEffect(() => {
    document.title = `${title} · Rollcall`
  }, [title])

  useEffect(() => {
    if (navigations > 0) heading.current?.focus()
  }, [navigations])

  return (
    <div className="page-header">
      <div>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {description ? <p className="lead">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  )
}
