import type {
  Attachment,
  Passkey,
  Follower,
  Message,
  Page,
  Person,
  PublicPortal,
  SignInResult,
  TicketDetail,
  TicketPage,
  ViewCounts,
  TimeEntry,
  User,
} from './types.js';
import { createPasskey, usePasskey } from './webauthn.js';

/** An error answer of the API: `{error: {code, message, field?}}` and its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface ListParams {
  view: string;
  q?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  cursor?: string | null;
}

type Json = Record<string, unknown>;

/**
 * The widget's client for one portal. Keeps the short-lived bearer token in
 * memory (and sessionStorage, so the next host page needs no refresh) and the
 * rotating refresh token in the host page's localStorage, namespaced per portal.
 * With `portal` null it is the support console's client: staff sign in without
 * a portal, on the server's own origin, with the session cookie.
 */
export class ApiClient {
  private token: string | null;
  /** When to renew the token (ms, this device's clock); unknown (a token from elsewhere): when refused. */
  private renewAt: number;
  /** The interface language, sent as Accept-Language: the server words its messages and labels in it. */
  locale = 'en';
  /** Called whenever the session starts or ends, so the UI follows. */
  onSession: (user: User | null) => void = () => {};
  private refreshing: Promise<boolean> | null = null;
  /** The session was handed over whole (`borrow`): read-only, in memory only. */
  borrowed = false;

  constructor(
    readonly base: string,
    /** The portal's slug; null for the console (staff, no portal). */
    readonly portal: string | null,
    /** Same-origin full-screen page: the session cookie also counts. */
    readonly cookie = false,
  ) {
    this.token = read('sessionStorage', this.key('access'));
    this.renewAt = Number(read('sessionStorage', this.key('renew'))) || Infinity;
  }

  private key(name: string): string {
    return this.portal === null ? `tp-console:${name}` : `tp:${this.portal}:${name}`;
  }

  /** `{portal}` for sign-in bodies; nothing for the console. */
  private get portalField(): Json {
    return this.portal === null ? {} : { portal: this.portal };
  }

  get signedIn(): boolean {
    return this.token !== null || read('localStorage', this.key('refresh')) !== null;
  }

  private get language(): Record<string, string> {
    return { 'accept-language': this.locale };
  }

  private url(path: string): string {
    return `${this.base}/api/v1${path}`;
  }

  private p(path: string): string {
    if (this.portal === null) throw new Error('This request needs a portal.');
    return `/portals/${encodeURIComponent(this.portal)}${path}`;
  }

  /** Stores a new session (sign-in or refresh answer). */
  private keep(result: SignInResult): void {
    this.token = result.token;
    this.renewAt = renewalTime(result.token);
    write('sessionStorage', this.key('access'), result.token);
    write('sessionStorage', this.key('renew'), result.token && String(this.renewAt));
    if (result.refreshToken) write('localStorage', this.key('refresh'), result.refreshToken);
  }

  /**
   * Signs in with a session handed over whole: the console's preview as a
   * customer (read-only, an hour). Held in memory only, never renewed, and
   * never written over this device's own session of the portal.
   */
  borrow(token: string): void {
    this.borrowed = true;
    this.token = token;
    this.renewAt = Infinity;
  }

  /** Forgets the session locally. */
  forget(): void {
    this.token = null;
    if (this.borrowed) return this.onSession(null);
    write('sessionStorage', this.key('access'), null);
    write('sessionStorage', this.key('renew'), null);
    write('localStorage', this.key('refresh'), null);
    this.onSession(null);
  }

  private refresh(): Promise<boolean> {
    if (this.borrowed) return Promise.resolve(false);
    // One refresh at a time, in this page and across the host's tabs: the
    // refresh token rotates, so a second use would revoke the session. The
    // token is read once the lock is held, as another tab may just have rotated it.
    this.refreshing ??= oneAtATime(this.key('refresh'), async () => {
      const refreshToken = read('localStorage', this.key('refresh'));
      if (!refreshToken) return false;
      this.keep(await this.send<SignInResult>('POST', '/auth/refresh', { refreshToken }, false));
      return true;
    })
      .catch((err) => {
        // Refused: the session is over, and its token with it. Unreachable: the token may still serve.
        if (err instanceof ApiError && err.status === 401) this.token = null;
        return false;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /**
   * Runs `attempt` with the current bearer token; on 401 tries a refresh once, then reports the session gone.
   * A request bound to be refused is not sent (each 401 lands in the host page's console): without a
   * token (a new page keeps only the refresh token) or with one due for renewal, the refresh comes first,
   * and with no session at all nothing is asked.
   */
  private async authed(attempt: (headers: Record<string, string>) => Promise<Response>): Promise<Response> {
    if (!this.cookie && !(this.token && Date.now() < this.renewAt)) {
      await this.refresh();
      if (!this.token) {
        this.forget();
        return new Response(null, { status: 401 });
      }
    }
    const go = () => attempt({ ...this.language, ...(this.token && { authorization: `Bearer ${this.token}` }) });
    let res = await go();
    if (res.status === 401 && (await this.refresh())) res = await go();
    if (res.status === 401) this.forget();
    return res;
  }

  /** One request, signed with the session unless `auth` is false. */
  async send<T>(
    method: string,
    path: string,
    body?: Json | FormData,
    auth = true,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const attempt = (bearer: Record<string, string>) => {
      const h: Record<string, string> = { ...headers, ...bearer };
      let payload: BodyInit | undefined;
      if (body instanceof FormData) payload = body;
      else if (body) {
        h['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      }
      return fetch(this.url(path), {
        method,
        headers: h,
        body: payload,
        credentials: this.cookie ? 'same-origin' : 'omit',
      });
    };
    return parse<T>(await (auth ? this.authed(attempt) : attempt(this.language)));
  }

  /**
   * Opens the portal's live-update stream (server-sent events). fetch rather
   * than EventSource: the stream needs the bearer token. The caller reads the body.
   */
  events(signal: AbortSignal): Promise<Response> {
    return this.authed((headers) =>
      fetch(this.url(this.p('/events')), { headers, signal, credentials: this.cookie ? 'same-origin' : 'omit' }),
    );
  }

  portalConfig(): Promise<PublicPortal> {
    return this.send('GET', this.p(''), undefined, false);
  }

  startEmail(email: string): Promise<unknown> {
    return this.send('POST', '/auth/email/start', { ...this.portalField, email }, false);
  }

  /** Full screen asks for the session cookie; a host page gets the bearer and refresh tokens (the server's default). */
  private get channel(): Json {
    return this.cookie ? { channel: 'cookie' } : {};
  }

  async verifyEmail(email: string, code: string): Promise<User> {
    return this.signedInWith(
      await this.send('POST', '/auth/email/verify', { ...this.portalField, email, code, ...this.channel }, false),
    );
  }

  async identity(identityToken: string): Promise<User> {
    return this.signedInWith(
      await this.send('POST', '/auth/identity', { portal: this.portal, identityToken, ...this.channel }, false),
    );
  }

  /** Signs in with a passkey of this site alone (the browser asks which one). */
  async passkeySignIn(): Promise<User> {
    const options = await this.send<Json>('POST', '/auth/passkeys/login/options', this.portalField, false);
    const response = await usePasskey(options);
    return this.signedInWith(
      await this.send('POST', '/auth/passkeys/login/verify', { response, ...this.channel }, false),
    );
  }

  passkeys(): Promise<Page<Passkey>> {
    return this.send('GET', '/auth/passkeys');
  }

  /** Creates a passkey on this device and registers it (needs a full-screen sign-in of the last 10 minutes). */
  async addPasskey(name: string): Promise<Passkey> {
    const response = await createPasskey(await this.send<Json>('POST', '/auth/passkeys/register/options'));
    return this.send('POST', '/auth/passkeys/register/verify', { response, ...(name && { name }) });
  }

  renamePasskey(id: string, name: string): Promise<Passkey> {
    return this.send('PATCH', `/auth/passkeys/${encodeURIComponent(id)}`, { name });
  }

  deletePasskey(id: string): Promise<void> {
    return this.send('DELETE', `/auth/passkeys/${encodeURIComponent(id)}`);
  }

  private signedInWith(result: SignInResult): User {
    this.keep(result);
    this.onSession(result.user);
    return result.user;
  }

  async logout(everywhere: boolean): Promise<void> {
    try {
      await this.send('POST', '/auth/logout', { everywhere });
    } finally {
      this.forget();
    }
  }

  me(): Promise<User> {
    return this.send('GET', '/me');
  }

  updateMe(patch: Partial<Pick<User, 'name' | 'locale'>>): Promise<User> {
    return this.send('PATCH', '/me', patch);
  }

  tickets(params: ListParams): Promise<TicketPage> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
    return this.send('GET', this.p(`/tickets?${query}`));
  }

  /** How many tickets each view holds (capped: `more` past 99), in one request. */
  viewCounts(views: readonly string[]): Promise<ViewCounts> {
    return this.send('GET', this.p(`/tickets/counts?views=${encodeURIComponent(views.join(','))}`));
  }

  ticket(id: string): Promise<TicketDetail> {
    return this.send('GET', this.p(`/tickets/${encodeURIComponent(id)}`));
  }

  createTicket(body: Json, idempotencyKey: string): Promise<TicketDetail> {
    return this.send('POST', this.p('/tickets'), body, true, { 'idempotency-key': idempotencyKey });
  }

  updateTicket(id: string, patch: Json): Promise<TicketDetail> {
    return this.send('PATCH', this.p(`/tickets/${encodeURIComponent(id)}`), patch);
  }

  setClosed(id: string, closed: boolean): Promise<TicketDetail> {
    return this.send('POST', this.p(`/tickets/${encodeURIComponent(id)}/${closed ? 'close' : 'reopen'}`));
  }

  /** Rates a closed or resolved ticket, once (where the portal asks for ratings). */
  rate(id: string, rating: 'good' | 'bad', comment: string): Promise<TicketDetail> {
    return this.send('POST', this.p(`/tickets/${encodeURIComponent(id)}/rating`), { rating, comment });
  }

  messages(id: string): Promise<Page<Message>> {
    return this.send('GET', this.p(`/tickets/${encodeURIComponent(id)}/messages`));
  }

  addMessage(id: string, body: string, attachmentIds: string[]): Promise<Message> {
    return this.send('POST', this.p(`/tickets/${encodeURIComponent(id)}/messages`), { body, attachmentIds });
  }

  followers(id: string): Promise<Page<Follower>> {
    return this.send('GET', this.p(`/tickets/${encodeURIComponent(id)}/followers`));
  }

  /** Shares a ticket with a colleague picked by name (`userId`) or with anyone by address (`email`). */
  addFollower(id: string, who: { userId: string } | { email: string }): Promise<Page<Follower>> {
    return this.send('POST', this.p(`/tickets/${encodeURIComponent(id)}/followers`), who);
  }

  /** People the customer may share with by name: their organization's members whose name or email contains `q`. */
  people(q: string): Promise<{ items: Person[] }> {
    return this.send('GET', this.p(`/people?${new URLSearchParams({ q })}`));
  }

  removeFollower(id: string, userId: string): Promise<Page<Follower>> {
    return this.send('DELETE', this.p(`/tickets/${encodeURIComponent(id)}/followers/${encodeURIComponent(userId)}`));
  }

  timeEntries(id: string): Promise<Page<TimeEntry> & { totalMinutes: number }> {
    return this.send('GET', this.p(`/tickets/${encodeURIComponent(id)}/time-entries`));
  }

  addTimeEntry(id: string, entry: { minutes: number; date: string; note: string }): Promise<TimeEntry> {
    return this.send('POST', this.p(`/tickets/${encodeURIComponent(id)}/time-entries`), entry);
  }

  /** Uploads one file to a ticket, reporting progress (0–1); XHR because fetch has no upload progress. */
  async upload(ticketId: string, file: File, onProgress: (fraction: number) => void): Promise<Attachment> {
    const url = this.url(this.p(`/tickets/${encodeURIComponent(ticketId)}/attachments`));
    const res = await this.authed(
      (headers) =>
        new Promise<Response>((resolve, reject) => {
          const xhr = new XMLHttpRequest();
          xhr.open('POST', url);
          for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
          xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
          xhr.onload = () => resolve(new Response(xhr.responseText || null, { status: xhr.status }));
          xhr.onerror = () => reject(new ApiError(0, 'network', 'network'));
          const form = new FormData();
          form.append('file', file);
          xhr.send(form);
        }),
    );
    return parse<Attachment>(res);
  }

  /** Downloads an attachment with the bearer token and hands back a blob: URL for it. */
  async download(id: string): Promise<string> {
    const res = await this.authed((headers) =>
      fetch(
        this.url(
          `/attachments/${encodeURIComponent(id)}${this.portal === null ? '' : `?portal=${encodeURIComponent(this.portal)}`}`,
        ),
        {
          headers,
          credentials: this.cookie ? 'same-origin' : 'omit',
        },
      ),
    );
    if (!res.ok) await parse(res);
    return URL.createObjectURL(await res.blob());
  }
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: handled below
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    const field = err?.field;
    // The API prefixes messages with the field's name (`code: …`, in French `code : …`); the widget shows them next to that field.
    const prefix = field && new RegExp(`^${field.replace(/\W/g, '\\$&')} ?: `).exec(err?.message ?? '');
    const message = prefix ? err!.message!.slice(prefix[0].length) : err?.message;
    throw new ApiError(res.status, err?.code ?? 'error', message ?? res.statusText, field);
  }
  return json as T;
}

/**
 * When to renew a bearer token: after 90% of its life (`exp - iat`, both by the
 * server's clock), counted from now by this device's clock, so a device whose
 * clock is wrong still renews on time. Never, for a token it cannot read.
 */
function renewalTime(token: string | null): number {
  try {
    const { iat, exp } = JSON.parse(atob(token!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as {
      iat: number;
      exp: number;
    };
    return Date.now() + (exp - iat) * 900 || Infinity;
  } catch {
    return Infinity;
  }
}

/** Runs `task` holding the origin-wide lock `name` (Web Locks), or just runs it where there are none. */
async function oneAtATime<T>(name: string, task: () => Promise<T>): Promise<T> {
  return navigator.locks ? await navigator.locks.request(name, task) : task();
}

/** Storage access can throw (privacy modes, sandboxed frames): the widget then just keeps nothing. */
type Store = 'localStorage' | 'sessionStorage';

function read(store: Store, key: string): string | null {
  try {
    return window[store].getItem(key);
  } catch {
    return null;
  }
}

function write(store: Store, key: string, value: string | null): void {
  try {
    if (value === null) window[store].removeItem(key);
    else window[store].setItem(key, value);
  } catch {
    // see read()
  }
}
