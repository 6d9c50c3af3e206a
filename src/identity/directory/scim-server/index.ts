/** The SCIM 2.0 HTTP server (RFC 7644), mounted by the composition root at /scim/v2. */

export { SCIM_CONTENT_TYPE, sendScim } from './scim-reply.js'
export { type ScimRoutesDeps, scimRoutes } from './scim-routes.js'
