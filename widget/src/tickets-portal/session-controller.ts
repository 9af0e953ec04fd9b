import { ContextProvider } from '@lit/context';
import type { ReactiveControllerHost, ReactiveElement } from 'lit';
import { ApiClient, ApiError } from '../api/client.js';
import type { User } from '../api/types.js';
import { apiContext } from '../context/api-context.js';
import { sessionContext, type Session } from '../context/session-context.js';
import { pickLocale, type Locale } from '../i18n/strings.js';

/** What the session needs of its element: the language it names (`locale` attribute). */
export interface SessionHost extends ReactiveControllerHost {
  readonly locale: string;
}

/**
 * The API client and who is signed in, provided to every view (apiContext,
 * sessionContext). Signs in with the host's identity token when there is one,
 * else asks /me about a session kept on this device; follows sign-ins and
 * sign-outs the client reports, and the interface language. Its two context
 * providers are the host's controllers; it has no lifecycle of its own.
 */
export class SessionController {
  private readonly clients: ContextProvider<typeof apiContext>;
  private readonly sessions: ContextProvider<typeof sessionContext>;
  /** Someone is signed in (or the client holds a token that says so). */
  signedIn = false;
  /** Asking /me whether a kept session signs someone in (so the sign-in form does not flash). */
  checking = false;
  private started = false;

  constructor(
    private readonly host: SessionHost & ReactiveElement,
    /** Called when the signed-in customer signs out. */
    private readonly onSignOut: () => void,
  ) {
    this.clients = new ContextProvider(host, { context: apiContext });
    this.sessions = new ContextProvider(host, { context: sessionContext, initialValue: this.session });
  }

  /** The client of the portal shown (the one provided). */
  client?: ApiClient;
  /** Who is signed in and the interface language (the one provided). */
  session: Session = { user: null, locale: pickLocale(navigator.language) };

  /**
   * A client for the portal `slug` of the server at `base`; `cookie`: the
   * full-screen page on the server's own origin, where the session cookie signs in;
   * `previewToken`: a read-only preview session the console handed over.
   */
  connect(base: string, slug: string, cookie: boolean, previewToken = ''): ApiClient {
    const client = new ApiClient(base, slug, cookie);
    if (previewToken) client.borrow(previewToken);
    client.onSession = (user) => this.handleSession(user);
    client.locale = this.session.locale;
    this.clients.setValue((this.client = client));
    this.started = false;
    this.set(client.signedIn);
    return client;
  }

  /** Signs in again at the next `start` (the host handed over a new identity token). */
  restart(): void {
    this.started = false;
  }

  /**
   * First opening: only now does the widget ask anything beyond the portal
   * config. `signedOut`: the server found no session cookie, so /me is not asked.
   */
  async start(identityToken: string, signedOut: boolean): Promise<void> {
    const client = this.client;
    if (this.started || !client) return;
    this.started = true;
    if (identityToken) {
      try {
        await client.identity(identityToken);
        return;
      } catch (err) {
        // Fall back to the customer's own sign-in; a refused token also ends any session kept on
        // this device, which may be another customer's (the host says who is here now).
        if (err instanceof ApiError && err.status === 401) client.forget();
      }
    }
    if (client.signedIn || (client.cookie && !signedOut)) {
      this.set(this.signedIn, !this.signedIn);
      try {
        this.handleSession(await client.me());
      } catch {
        // /me failing leaves the session as it is: a 401 already signed out.
      } finally {
        this.set(this.signedIn, false);
      }
    }
  }

  /** The interface language: the host's, else the account's, else the browser's. */
  setLocale(user: User | null): void {
    const locale: Locale = pickLocale(this.host.locale, user?.locale, navigator.language);
    const readOnly = !!this.client?.borrowed;
    this.sessions.setValue((this.session = { user, locale, ...(readOnly && { readOnly }) }));
    if (this.client) this.client.locale = locale;
    this.host.requestUpdate();
  }

  private handleSession(user: User | null): void {
    const signedOut = !user && this.session.user !== null;
    this.set(user !== null || !!this.client?.signedIn);
    this.setLocale(user);
    if (signedOut) this.onSignOut();
  }

  private set(signedIn: boolean, checking = this.checking): void {
    this.signedIn = signedIn;
    this.checking = checking;
    this.host.requestUpdate();
  }
}
