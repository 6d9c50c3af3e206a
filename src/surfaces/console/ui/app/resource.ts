import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiClient } from '../api/client.js'
import { useSession } from './session.js'

export type Resource<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'ready'; readonly data: T }

/**
 * Loads what `load` fetches whenever `key` changes (a key is usually the request URL). A response
 * that arrives after the key moved on is dropped; `reload` refetches and keeps showing the
 * current data until the new data arrives, so focus and scroll stay where they are.
 */
export function useResource<T>(
  key: string | null,
  load: (api: ApiClient) => Promise<T>,
): { resource: Resource<T>; reload: () => void } {
  const { api } = useSession()
  const [resource, setResource] = useState<Resource<T>>({ status: 'loading' })
  const loader = useRef(load)
  loader.current = load
  const latest = useRef(0)

  const fetchNow = useCallback(
    (fresh: boolean) => {
      const ticket = ++latest.current
      if (fresh) setResource({ status: 'loading' })
      if (key === null) return
      loader.current(api).then(
        (data) => ticket === latest.current && setResource({ status: 'ready', data }),
        (error: unknown) => ticket === latest.current && setResource({ status: 'error', error }),
      )
    },
    [api, key],
  )

  useEffect(() => {
    fetchNow(true)
    return () => {
      latest.current++
    }
  }, [fetchNow])

  const reload = useCallback(() => fetchNow(false), [fetchNow])
  return { resource, reload }
}

/** GETs one path of the hub's API. */
export function useApi<T>(path: string | null): { resource: Resource<T>; reload: () => void } {
  return useResource<T>(path, (api) => api.get<T>(path ?? ''))
}
