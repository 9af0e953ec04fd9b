// Setup through the product's HTTP API (the admin API, and a customer's own
// session where a test needs to ask what the server says). Never the step under test.
import { z } from 'zod';
import { hasSignInCode, signInCode, type Mailbox } from './mailbox.js';

/** A non-2xx answer of the API. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} → ${status} ${JSON.stringify(body)}`);
  }
}

/** Only the fields the tests read: the server may add others. */
const SignedIn = z.object({ token: z.string() });
const Person = z.object({ id: z.string(), email: z.string(), name: z.string() });
const Users = z.object({ items: z.array(Person.extend({ role: z.string(), organizationId: z.string().nullable() })) });
const TicketTypes = z.object({ items: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() })) });
const Palette = z.object({
  mainColor: z.string(),
  mainTextColor: z.string(),
  secondaryButtonColor: z.string(),
  bodyColor: z.string(),
});
const AdminPortal = z.object({
  slug: z.string(),
  config: z.object({ allowedOrigins: z.array(z.string()), branding: z.object({ light: Palette, dark: Palette }) }),
});
const AdminTicket = z.object({
  id: z.string(),
  number: z.number(),
  title: z.string(),
  status: z.string(),
  followers: z.array(Person),
  messages: z.array(z.object({ id: z.string(), body: z.string(), internal: z.boolean() })),
});

export type AdminPortal = z.infer<typeof AdminPortal>;
export type AdminTicket = z.infer<typeof AdminTicket>;
export type Colors = z.infer<typeof Palette>;

/** One answer of the API, whatever its status. */
interface Answer {
  status: number;
  json: unknown;
}

async function send(
  api: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Answer> {
  const res = await fetch(`${api}/api/v1${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
}

/** The JSON answer of one request; a non-2xx answer throws `ApiFailure`. */
async function requestJson(
  api: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<unknown> {
  const { status, json } = await send(api, method, path, body, headers);
  if (status < 200 || status > 299) throw new ApiFailure(status, json, `${method} ${path}`);
  return json;
}

/** One session on the API: its bearer token goes with every request. */
export class ApiSession {
  constructor(
    readonly api: string,
    readonly token: string,
  ) {}

  /** The JSON answer of one request; a non-2xx answer throws `ApiFailure`. */
  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    return requestJson(this.api, method, path, body, { authorization: `Bearer ${this.token}`, ...headers });
  }

  /** The answer of one request, whatever its status (to read what the server says to a refused one). */
  async raw(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    return send(this.api, method, path, body, { authorization: `Bearer ${this.token}`, ...headers });
  }
}

/**
 * Signs `email` in through the API with the code the product emails (as the
 * widget would, but from the test): a session for setup and for asking the
 * server what it answers.
 */
export async function signInByEmail(
  api: string,
  mailbox: Mailbox,
  email: string,
  portal = 'acme',
): Promise<ApiSession> {
  const since = mailbox.mark();
  await requestJson(api, 'POST', '/auth/email/start', { portal, email }, {});
  const code = signInCode(await mailbox.latest(email, { since, match: hasSignInCode }));
  const result = SignedIn.parse(await requestJson(api, 'POST', '/auth/email/verify', { portal, email, code }, {}));
  return new ApiSession(api, result.token);
}

/** The admin API, as the demo's admin (admin@example.com). */
export class AdminApi {
  constructor(readonly session: ApiSession) {}

  static async signIn(api: string, mailbox: Mailbox, email = 'admin@example.com'): Promise<AdminApi> {
    return new AdminApi(await signInByEmail(api, mailbox, email));
  }

  async portal(slug: string): Promise<AdminPortal> {
    return AdminPortal.parse(await this.session.request('GET', `/admin/portals/${slug}`));
  }

  /** PATCH a portal's config (nested objects merge, arrays replace). */
  async patchPortal(slug: string, config: Record<string, unknown>): Promise<AdminPortal> {
    return AdminPortal.parse(await this.session.request('PATCH', `/admin/portals/${slug}`, config));
  }

  /** Adds `origin` to the portal's allowed sites (setup: the demo site runs on a free port). */
  async allowOrigin(slug: string, origin: string): Promise<void> {
    const { config } = await this.portal(slug);
    if (!config.allowedOrigins.includes(origin))
      await this.patchPortal(slug, { allowedOrigins: [...config.allowedOrigins, origin] });
  }

  async user(email: string): Promise<z.infer<typeof Person>> {
    const { items } = Users.parse(await this.session.request('GET', `/admin/users?q=${encodeURIComponent(email)}`));
    const user = items.find((u) => u.email === email);
    if (!user) throw new Error(`no user ${email}`);
    return user;
  }

  async ticketType(key: string): Promise<string> {
    const { items } = TicketTypes.parse(await this.session.request('GET', '/admin/ticket-types'));
    const type = items.find((t) => t.key === key);
    if (!type) throw new Error(`no ticket type ${key}`);
    return type.id;
  }

  /** Opens a ticket on behalf of `requester` (an email), with optional followers and status. */
  async createTicket(input: {
    requester: string;
    title: string;
    type?: string;
    followers?: string[];
    status?: string;
  }): Promise<AdminTicket> {
    const requester = await this.user(input.requester);
    const followerIds = await Promise.all((input.followers ?? []).map(async (email) => (await this.user(email)).id));
    const typeId = await this.ticketType(input.type ?? 'question');
    const ticket = AdminTicket.parse(
      await this.session.request('POST', '/admin/tickets', {
        requesterId: requester.id,
        typeId,
        title: input.title,
        description: `${input.title}: opened by the end-to-end suite.`,
        followerIds,
      }),
    );
    if (!input.status) return ticket;
    return AdminTicket.parse(
      await this.session.request('PATCH', `/admin/tickets/${ticket.id}`, { status: input.status }),
    );
  }

  /** The ticket with exactly this title (one a test created, found by search). */
  async findTicket(title: string): Promise<AdminTicket> {
    const { items } = z
      .object({ items: z.array(z.object({ id: z.string(), title: z.string() })) })
      .parse(await this.session.request('GET', `/admin/tickets?q=${encodeURIComponent(title)}`));
    const found = items.find((t) => t.title === title);
    if (!found) throw new Error(`no ticket titled ${title}`);
    return this.ticket(found.id);
  }

  async ticket(id: string): Promise<AdminTicket> {
    return AdminTicket.parse(await this.session.request('GET', `/admin/tickets/${id}`));
  }

  /** An agent's public reply (the help desk's side of a conversation). */
  async reply(ticketId: string, body: string): Promise<void> {
    await this.session.request('POST', `/admin/tickets/${ticketId}/messages`, { body, internal: false });
  }
}
