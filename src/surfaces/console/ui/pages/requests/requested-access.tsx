import { entitlementGrantsPath } from '../../api/access.js'
import type { AccessRequest } from '../../api/request-types.js'
import type { App, EntitlementGrants } from '../../api/types.js'
import { useApi } from '../../app/resource.js'
import { Link } from '../../app/router.js'
import { appName } from '../shared/app-names.js'

/** What a request asks for, named: "Admin in Sana" or "An account in Sana". */
export function RequestedAccess({
  request,
  apps,
}: {
  request: AccessRequest
  apps: ReadonlyMap<string, App>
}) {
  const app = (
    <Link to={`/apps/${encodeURIComponent(request.appId)}`}>{appName(apps, request.appId)}</Link>
  )
  if (!request.entitlementId) return <>An account in {app}</>
  return (
    <>
      <EntitlementName appId={request.appId} entitlementId={request.entitlementId} /> in {app}
    </>
  )
}

function EntitlementName({ appId, entitlementId }: { appId: string; entitlementId: string }) {
  const { resource } = useApi<EntitlementGrants>(entitlementGrantsPath(appId, entitlementId))
  if (resource.status === 'ready') return <>{resource.data.entitlement.displayName}</>
  return <>{resource.status === 'loading' ? 'An entitlement' : 'An entitlement no longer listed'}</>
}
