// Shared test helpers: the world from the real server, mounting the element from
// the real bundle, shadow-DOM queries, waiting, and axe.
import { executeServerCommand } from '@web/test-runner-commands';
import type { TicketsPortal } from '../src/tickets-portal/tickets-portal.js';
import type { Answer, CommandName, ForeignVisit, HeldCredential, Payload, Recording } from './commands.js';
import type { HostClaims, ShortSession, World } from './harness.js';

export type { ForeignVisit, Recording } from './commands.js';

/** Sends a command of the map in commands.ts to the runner's Node side (plugins/commands.ts) and answers its answer. */
export async function command<K extends CommandName>(
  name: K,
  ...[payload]: Payload<K> extends undefined ? [] : [Payload<K>]
): Promise<Answer<K>> {
  const reply = await executeServerCommand<{ answer: Answer<K> }, Payload<K>>(name, payload);
  if (!reply) throw new Error(`${name}: no plugin answered`);
  return reply.answer;
}

let cached: World | undefined;

/** Facts about the server the harness started: its URL, sessions, ticket ids. */
export async function world(): Promise<World> {
  cached ??= await command('tp-world');
  return cached;
}

/** Waits for the sign-in email to `email` and reads its code, as the customer would. */
export async function emailedCode(email: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const code = await command('tp-code', { email });
    if (code) return code;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no sign-in email to ${email}`);
}

/** Help-desk actions and server facts, carried out by the harness on the real server. */
export const server = {
  /** Creates a ticket of Dana's; answers its id. */
  newTicket: (title: string): Promise<string> => command('tp-new-ticket', { title }),
  /** An agent replies on a ticket. */
  async agentReply(ticketId: string, body: string): Promise<void> {
    await command('tp-agent-reply', { ticketId, body });
  },
  /** An agent changes a ticket's status. */
  async setStatus(ticketId: string, status: string): Promise<void> {
    await command('tp-set-status', { ticketId, status });
  },
  /** A widget session whose bearer token lives `tokenSeconds`, with its refresh token. */
  shortSession: (user: 'alice' | 'dana', tokenSeconds: number): Promise<ShortSession> =>
    command('tp-short-session', { user, tokenSeconds }),
  /** Moves the server's clock on by `ms`. */
  async advanceClock(ms: number): Promise<void> {
    await command('tp-advance-clock', { ms });
  },
  /** An identity token signed as the host site's backend would for its customer. */
  identityToken: (claims: HostClaims): Promise<string> => command('tp-identity-token', claims),
  /** Makes the user's full-screen sign-ins older than ten minutes; answers how many sessions. */
  ageCookieSessions: (user: 'pia'): Promise<number> => command('tp-age-cookie-sessions', { user }),
  /** Whether the server has seen `refreshToken` traded in. */
  refreshTokenSpent: (refreshToken: string): Promise<boolean> => command('tp-refresh-spent', { refreshToken }),
};

/**
 * Opens the launcher of the strict-CSP host page (`path`) served from another
 * origin than this page's, one the acme portal does not allow, in a tab of its own.
 */
export function visitForeignHost(path: string): Promise<ForeignVisit> {
  return command('tp-foreign-host', { path });
}

/** A virtual platform authenticator in this page (DevTools WebAuthn domain) that verifies its user. */
export const authenticator = {
  add: (): Promise<string> => command('tp-webauthn-add'),
  credentials: (authenticatorId: string): Promise<HeldCredential[]> =>
    command('tp-webauthn-credentials', { authenticatorId }),
  async removeAll(): Promise<void> {
    await command('tp-webauthn-remove');
  },
};

function addScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`failed to load ${src}`));
    document.head.append(s);
  });
}

/** Loads the built bundle from the server, as host pages do. */
export async function loadBundle(): Promise<void> {
  if (customElements.get('tickets-portal')) return;
  await addScript(`${(await world()).api}/widget/tickets-portal.js`);
}

export interface MountOptions {
  portal?: string;
  token?: string | null;
  /** The rotating refresh token kept by an earlier sign-in (localStorage). */
  refreshToken?: string;
  /** When the widget that kept `token` meant to renew it (ms, this device's clock), as it notes beside the token. */
  renewAt?: number;
  mode?: 'embedded' | 'inline' | 'fullscreen';
  locale?: string;
  /** The `api` attribute; the harness server by default. This page's origin forwards `/api/` there too. */
  api?: string;
  /** The `identity-token` attribute. */
  identityToken?: string;
}

/** Puts a <tickets-portal> on the page, signed in with `token` (as after an earlier sign-in on this tab). */
export async function mount(options: MountOptions = {}): Promise<TicketsPortal> {
  await loadBundle();
  const w = await world();
  const portal = options.portal ?? 'acme';
  localStorage.clear();
  sessionStorage.clear();
  if (options.token) sessionStorage.setItem(`tp:${portal}:access`, options.token);
  if (options.refreshToken) localStorage.setItem(`tp:${portal}:refresh`, options.refreshToken);
  if (options.renewAt !== undefined) sessionStorage.setItem(`tp:${portal}:renew`, String(options.renewAt));
  const el = document.createElement('tickets-portal');
  el.setAttribute('portal', portal);
  el.setAttribute('api', options.api ?? w.api);
  el.setAttribute('mode', options.mode ?? 'inline');
  if (options.locale) el.setAttribute('locale', options.locale);
  if (options.identityToken) el.setAttribute('identity-token', options.identityToken);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

export function cleanup(): void {
  for (const el of document.querySelectorAll('tickets-portal')) el.remove();
  localStorage.clear();
  sessionStorage.clear();
}

/** Polls until `fn` answers something truthy. */
export async function waitFor<T>(
  fn: () => T | null | undefined | false,
  what = 'condition',
  timeout = 8000,
): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every element matching `selector` anywhere in the shadow trees under `root`. */
export function findAll<E extends Element = HTMLElement>(root: Element | ShadowRoot | Document, selector: string): E[] {
  const out: E[] = [];
  const visit = (node: Element | ShadowRoot | Document) => {
    out.push(...(node.querySelectorAll(selector) as NodeListOf<E>));
    for (const el of node.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
  };
  // Duck-typed: elements of an iframe are not instances of this window's Element.
  visit('shadowRoot' in root && root.shadowRoot ? root.shadowRoot : root);
  return out;
}

export function find<E extends Element = HTMLElement>(
  root: Element | ShadowRoot | Document,
  selector: string,
): E | undefined {
  return findAll<E>(root, selector)[0];
}

/** Waits for an element anywhere in the shadow trees. */
export function $<E extends Element = HTMLElement>(root: Element, selector: string, timeout?: number): Promise<E> {
  return waitFor(() => find<E>(root, selector), selector, timeout);
}

/** Waits for a button (or other element) whose text contains `text`. */
export function byText<E extends Element = HTMLElement>(
  root: Element,
  selector: string,
  text: string | RegExp,
): Promise<E> {
  const match = (s: string) => (typeof text === 'string' ? s.includes(text) : text.test(s));
  return waitFor(() => findAll<E>(root, selector).find((e) => match(e.textContent ?? '')), `${selector} "${text}"`);
}

/** Text of every shadow tree under `root`, flattened. */
export function textOf(root: Element): string {
  const parts: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    const children =
      'shadowRoot' in node && (node as Element).shadowRoot
        ? [...(node as Element).shadowRoot!.childNodes, ...node.childNodes]
        : [...node.childNodes];
    children.forEach(visit);
  };
  visit(root);
  return parts.join(' ').replace(/\s+/g, ' ');
}

/**
 * Clicks `target` with the real mouse (trusted events through the DevTools
 * protocol), at its center once scrolled into view; `count` 2 is a double click.
 */
export async function click(target: Element, count = 1): Promise<void> {
  target.scrollIntoView({ block: 'center', inline: 'nearest' });
  // Where it stays for two frames in a row: content still arriving may move it.
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
  let r = target.getBoundingClientRect();
  for (let i = 0; i < 20; i++) {
    await frame();
    const next = target.getBoundingClientRect();
    if (next.x === r.x && next.y === r.y) break;
    target.scrollIntoView({ block: 'center', inline: 'nearest' });
    r = target.getBoundingClientRect();
  }
  const x = Math.round(r.left + r.width / 2);
  const y = Math.round(r.top + r.height / 2);
  const hit = (target.getRootNode() as Document | ShadowRoot).elementFromPoint(x, y);
  assert(
    hit && (hit === target || target.contains(hit)),
    `<${target.localName}> is covered at (${x}, ${y}) by <${hit?.localName}>`,
  );
  await command('tp-click', { x, y, count });
}

/**
 * Records this page's console and the responses it receives while `run`
 * runs, as the browser sees them (failed loads the page's scripts never hear of included).
 */
export async function record(run: () => Promise<void>): Promise<Recording> {
  await command('tp-record-start');
  try {
    await run();
  } finally {
    // Responses still arriving are part of what `run` caused.
    await new Promise((r) => setTimeout(r, 300));
  }
  return command('tp-record-stop');
}

/** Types into an input like a user: sets the value and fires input/change. */
export function type(input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  input.focus();
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function equal<T>(actual: T, expected: T, message = ''): void {
  if (actual !== expected)
    throw new Error(`${message} expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

interface AxeResult {
  violations: { id: string; help: string; nodes: { target: unknown[] }[] }[];
}
declare global {
  interface Window {
    axe?: { run(context: Element, options?: object): Promise<AxeResult> };
  }
}

/** Runs axe-core on the element (its shadow trees included); fails on any violation. */
export async function expectAccessible(el: Element): Promise<void> {
  if (!window.axe) await addScript('/node_modules/axe-core/axe.min.js');
  const result = await window.axe!.run(el, { resultTypes: ['violations'] });
  const summary = result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`,
  );
  assert(summary.length === 0, `axe violations:\n${summary.join('\n')}`);
}
