import { openApiApp } from '../http/openapi-app.js';
import { emailSignInApp } from './email.routes.js';
import { identitySignInApp } from './identity.routes.js';
import { passkeysApp } from './passkeys.routes.js';
import { sessionApp } from './session.routes.js';

/** Every `/api/v1/auth/...` route: email, host identity, passkeys, refresh and sign-out. */
export function authApp() {
  return openApiApp()
    .route('/', emailSignInApp())
    .route('/', identitySignInApp())
    .route('/', passkeysApp())
    .route('/', sessionApp());
}

export { linkPageApp } from './link-page.routes.js';
