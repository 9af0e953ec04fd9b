import { openApiApp } from '../http/openapi-app.js';

/** The agents' and admins' API under /api/v1/admin. */
export function adminApp() {
  return openApiApp();
}
