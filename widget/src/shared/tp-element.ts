import { consume } from '@lit/context';
import { LitElement, html, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiError, type ApiClient } from '../api/client.js';
import type { PublicPortal } from '../api/types.js';
import { apiContext } from '../context/api-context.js';
import { portalContext } from '../context/portal-context.js';
import { sessionContext, type Session } from '../context/session-context.js';
import { formatDate, translate, type MessageKey } from '../i18n/strings.js';
import { base } from '../styles/tokens.js';

/**
 * Base of every view: consumes the three contexts from <tickets-portal> and
 * offers translation and the small shared pieces (badges, errors). Views only
 * consume the `--tp-*` tokens, which <tickets-portal> alone sets and which
 * inherit through the shadow boundaries (a view declaring them would hide the branding).
 */
export class TpElement extends LitElement {
  static override styles = [base];

  @consume({ context: apiContext, subscribe: true })
  @state()
  protected api?: ApiClient;

  @consume({ context: portalContext, subscribe: true })
  @state()
  protected portal?: PublicPortal;

  @consume({ context: sessionContext, subscribe: true })
  @state()
  protected session: Session = { user: null, locale: 'en' };

  /**
   * The API client <tickets-portal> provides. Every view is rendered inside it,
   * so it is there; a view used anywhere else fails here, in its own error
   * handling ("something went wrong"), rather than on `undefined`.
   */
  protected get client(): ApiClient {
    if (!this.api) throw new Error('no API client');
    return this.api;
  }

  /** Translates a key for the session's language and the portal's kind. */
  protected t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.session.locale, this.portal?.kind ?? 'ticket', key, params);
  }

  protected date(iso: string, withTime = false): string {
    return formatDate(this.session.locale, iso, withTime);
  }

  /** A readable sentence for a failure. */
  protected failure(err: unknown): string {
    if (err instanceof ApiError) {
      if (err.status === 404) return this.t('notFound');
      if (err.status === 0) return this.t('networkError');
      if (err.status === 429) return this.t('rateLimited');
      // The API words its messages in the language the client asks for (Accept-Language).
      return err.message || this.t('error');
    }
    return err instanceof TypeError ? this.t('networkError') : this.t('error');
  }

  /** A readable sentence for a failed passkey ceremony (the browser's refusals, then the server's). */
  protected passkeyFailure(err: unknown): string {
    const name = (err as Error | null)?.name;
    if (name === 'NotAllowedError' || name === 'AbortError') return this.t('passkeyCancelled');
    if (name === 'InvalidStateError' || (err instanceof ApiError && err.status === 409)) return this.t('passkeyExists');
    if (err instanceof ApiError && err.code === 'passkey_refused') return this.t('passkeyRefused');
    return this.failure(err);
  }

  protected statusBadge(status: string): TemplateResult {
    return html`<span class="badge status-${status}" part="status">${this.t(`status.${status}` as MessageKey)}</span>`;
  }

  protected priorityLabel(priority: string): TemplateResult {
    return html`<span class="priority priority-${priority}" part="priority">${this.t(`priority.${priority}` as MessageKey)}</span>`;
  }

  /** Navigates inside the portal (list, a ticket, the form, the account). */
  protected go(route: Route): void {
    this.dispatchEvent(new TpNavigateEvent(route));
  }
}

/** Where the portal is: drives the view shown and, full screen, the URL. */
export type Route =
  | { name: 'list' }
  /** `notice`: a message for the ticket's page (not kept in the URL), e.g. an attachment that failed on creation. */
  | { name: 'ticket'; id: string; notice?: string }
  | { name: 'new' }
  | { name: 'account' };

/** Internal: a view asks <tickets-portal> to show another route. */
export class TpNavigateEvent extends Event {
  static readonly eventName = 'tp-navigate';
  constructor(readonly route: Route) {
    super(TpNavigateEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Bidirectional controls and NUL in user text are shown as visible marks, so they cannot reorder what the reader sees. */
export function inert(text: string): string {
  return text.replace(/[\u0000\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, '\ufffd');
}

declare global {
  interface HTMLElementEventMap {
    'tp-navigate': TpNavigateEvent;
  }
}
