import type { ComponentType } from 'react'
import type { Permission } from '../api/types.js'

export type PageProps = { readonly params: Readonly<Record<string, string>> }

/**
 * One page of the console. The registry (pages/registry.ts) is the only list of pages: the
 * router matches against it and the navigation is built from it, so a new page (findings, plans,
 * approvals, offboarding) is one entry and one component, nothing else to wire.
 */
export type PageDefinition = {
  readonly id: string
  /** Below /console, with `:param` segments: `/people/:id`. */
  readonly path: string
  readonly component: ComponentType<PageProps>
  /** In the main navigation, in `order`. */
  readonly nav?: { readonly label: string; readonly order: number }
  /** Hidden from the navigation and refused without this permission. */
  readonly requires?: Permission
  /** Reachable signed out (the sign-in page). */
  readonly public?: boolean
}
