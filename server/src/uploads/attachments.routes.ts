import { openApiApp } from '../http/openapi-app.js';

/** Upload to and download from tickets. */
export function attachmentsApp() {
  return openApiApp();
}
