// What the tests ask of the browser itself, through the DevTools protocol of
// their own page: a virtual authenticator, a real mouse, a recording of the
// console and the network, and a visit to a host page in a tab of its own.
import type { BasicTestSession } from '@web/test-runner';
import { ChromeLauncher } from '@web/test-runner-chrome';
import type { ForeignVisit, HeldCredential, Recording } from '../commands.js';

type Page = ReturnType<ChromeLauncher['getPage']>;
type Cdp = Awaited<ReturnType<Page['createCDPSession']>>;

/** The test's page (the widget suite runs in Chromium only). */
export function pageOf(session: BasicTestSession): Page {
  if (!(session.browser instanceof ChromeLauncher))
    throw new Error('the widget tests run in Chromium (chromeLauncher)');
  return session.browser.getPage(session.id);
}

const authenticators = new Map<string, { cdp: Cdp; ids: string[] }>();

/**
 * A virtual authenticator in the test's own page (WebAuthn domain): a
 * platform passkey store that verifies its user.
 */
export const webauthn = {
  async add(session: BasicTestSession): Promise<string> {
    let entry = authenticators.get(session.id);
    if (!entry) {
      const cdp = await pageOf(session).createCDPSession();
      await cdp.send('WebAuthn.enable');
      entry = { cdp, ids: [] };
      authenticators.set(session.id, entry);
    }
    const { authenticatorId } = await entry.cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    entry.ids.push(authenticatorId);
    return authenticatorId;
  },
  async credentials(session: BasicTestSession, authenticatorId: string): Promise<HeldCredential[]> {
    const entry = authenticators.get(session.id);
    if (!entry) throw new Error('tp-webauthn: no authenticator added');
    const { credentials } = await entry.cdp.send('WebAuthn.getCredentials', { authenticatorId });
    return credentials.map((c) => ({ id: c.credentialId, signCount: c.signCount, resident: c.isResidentCredential }));
  },
  async remove(session: BasicTestSession): Promise<null> {
    const entry = authenticators.get(session.id);
    if (!entry) throw new Error('tp-webauthn: no authenticator added');
    for (const id of entry.ids) await entry.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: id });
    await entry.cdp.detach().catch(() => undefined);
    authenticators.delete(session.id);
    return null;
  },
};

/**
 * A person's mouse: moves to a point of the page and clicks there `count`
 * times in a row, so the browser runs its whole chain (hit testing, focus,
 * click, form submission) with trusted events.
 */
export async function click(session: BasicTestSession, x: number, y: number, count: number): Promise<null> {
  await pageOf(session).mouse.click(x, y, { count });
  return null;
}

const recordings = new Map<string, { log: Recording; cdp: Cdp }>();

/**
 * What the page's own DevTools would show: its console messages (the
 * browser's "Failed to load resource: … 401" included) and every response it
 * received, from `start` until `stop`, which answers them. A DevTools session
 * of its own, opened at `start`, so nothing from before is counted.
 */
export const recorder = {
  async start(session: BasicTestSession): Promise<null> {
    const cdp = await pageOf(session).createCDPSession();
    const since = Date.now();
    const log: Recording = { console: [], responses: [] };
    const requests = new Map<string, { method: string; language: string | null }>();
    cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
      const language =
        Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'accept-language')?.[1] ?? null;
      requests.set(requestId, { method: request.method, language });
    });
    cdp.on('Network.responseReceived', (e) => {
      const request = requests.get(e.requestId);
      if (request) log.responses.push({ ...request, url: e.response.url, status: e.response.status });
    });
    cdp.on('Runtime.consoleAPICalled', (e) => {
      if (e.timestamp >= since)
        log.console.push({ type: e.type, text: e.args.map((a) => a.value ?? a.description).join(' ') });
    });
    // Log.enable replays earlier entries: only the new ones count.
    cdp.on('Log.entryAdded', ({ entry }) => {
      if (entry.timestamp >= since) log.console.push({ type: entry.level, text: entry.text });
    });
    await Promise.all([cdp.send('Network.enable'), cdp.send('Runtime.enable'), cdp.send('Log.enable')]);
    recordings.set(session.id, { log, cdp });
    return null;
  },
  async stop(session: BasicTestSession): Promise<Recording> {
    const recording = recordings.get(session.id);
    recordings.delete(session.id);
    await recording?.cdp.detach().catch(() => undefined);
    return recording?.log ?? { console: [], responses: [] };
  },
};

/**
 * A visit to a host page on another origin than the test pages' (`origin`:
 * 127.0.0.1 rather than localhost, a site the portal does not list), in a tab
 * of its own: opens the launcher as a visitor would and answers what the
 * visitor reads in the panel (its alert) and what the tab's console showed
 * (`source`: `console` for the page's scripts, else the browser's own).
 */
export async function visitForeignHost(session: BasicTestSession, origin: string, path: string): Promise<ForeignVisit> {
  const tab = await pageOf(session).browser().newPage();
  try {
    const cdp = await tab.createCDPSession();
    const log: ForeignVisit['console'] = [];
    cdp.on('Runtime.consoleAPICalled', (e) =>
      log.push({ source: 'console', type: e.type, text: e.args.map((a) => a.value ?? a.description).join(' ') }),
    );
    cdp.on('Log.entryAdded', ({ entry }) => log.push({ source: entry.source, type: entry.level, text: entry.text }));
    await Promise.all([cdp.send('Runtime.enable'), cdp.send('Log.enable')]);
    await tab.goto(`${origin}${path}`);
    const inPortal = (selector: string) =>
      `document.querySelector('tickets-portal')?.shadowRoot?.querySelector(${JSON.stringify(selector)})`;
    await tab.waitForFunction(inPortal('button.launcher'), { timeout: 10_000 });
    await tab.evaluate(`${inPortal('button.launcher')}.click()`);
    const alert = await tab.waitForFunction(`${inPortal('[role=alert]')}?.textContent.trim()`, { timeout: 10_000 });
    return { alert: String(await alert.jsonValue()), console: log };
  } finally {
    await tab.close();
  }
}
