// The modules the launcher bundle and the panel bundle share. The launcher
// (widget/dist/tickets-portal.js) holds them; the panel
// (widget/dist/tickets-portal-panel.js, loaded on first opening) reads them
// from the <tickets-portal> class instead of bundling copies: one Lit, and the
// same context keys (symbols), ApiError class and tokens on both sides.
// widget/build/shared-modules.ts maps the panel's imports of these to this record.
import * as context from '@lit/context';
import * as lit from 'lit';
import * as decorators from 'lit/decorators.js';
import * as client from '../api/client.js';
import * as webauthn from '../api/webauthn.js';
import * as apiContext from '../context/api-context.js';
import * as changesContext from '../context/changes-context.js';
import * as portalContext from '../context/portal-context.js';
import * as sessionContext from '../context/session-context.js';
import * as strings from '../i18n/strings.js';
import * as tokens from '../styles/tokens.js';
import * as events from './events.js';
import * as icons from './icons.js';
import * as tpElement from './tp-element.js';

/**
 * Each shared module by its key: a package name, or a path under widget/src
 * without its extension (what widget/build/shared-modules.ts resolves an import to).
 */
export const sharedModules: Record<string, object> = {
  lit,
  'lit/decorators.js': decorators,
  '@lit/context': context,
  'api/client': client,
  'api/webauthn': webauthn,
  'context/api-context': apiContext,
  'context/changes-context': changesContext,
  'context/portal-context': portalContext,
  'context/session-context': sessionContext,
  'i18n/strings': strings,
  'styles/tokens': tokens,
  'shared/events': events,
  'shared/icons': icons,
  'shared/tp-element': tpElement,
};
