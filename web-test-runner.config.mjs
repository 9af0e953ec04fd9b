// Widget tests: real Chromium (the system one), a real server (widget/test/harness.ts)
// and the built bundle. Run with `npm run test:widget` (tsx loads the TypeScript harness).
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { chromeLauncher } from '@web/test-runner-chrome';
import { emulateMediaPlugin, sendKeysPlugin, setViewportPlugin } from '@web/test-runner-commands/plugins';
import { transform } from 'esbuild';
import { startHarness } from './widget/test/harness.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/ensure-chromium.sh (apt-get install -y chromium).`);
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const port = await freePort();
const origin = `http://localhost:${port}`;
let harness;

/** Test files are TypeScript next to the code; esbuild strips the types (tests import `./x.js` for `./x.ts`). */
const typescript = {
  name: 'tp-typescript',
  resolveMimeType: (ctx) => (ctx.path.endsWith('.ts') ? 'js' : undefined),
  async serve(ctx) {
    if (ctx.path.startsWith('/widget/') && ctx.path.endsWith('.js') && !existsSync(`.${ctx.path}`) && existsSync(`.${ctx.path.slice(0, -3)}.ts`)) {
      return { body: readFileSync(`.${ctx.path.slice(0, -3)}.ts`, 'utf8'), type: 'js', transformCacheKey: 'ts' };
    }
  },
  async transform(ctx) {
    if (!ctx.path.startsWith('/widget/') || !(ctx.path.endsWith('.ts') || ctx.response.is('js'))) return;
    const file = existsSync(`.${ctx.path.slice(0, -3)}.ts`) ? `.${ctx.path.slice(0, -3)}.ts` : `.${ctx.path}`;
    if (!file.endsWith('.ts')) return;
    const out = await transform(ctx.body, {
      loader: 'ts',
      format: 'esm',
      target: 'es2022',
      tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
    });
    return { body: out.code };
  },
};

/** Starts the server harness and answers the tests' `tp-*` commands (facts, mailbox, help-desk actions, clock). */
const world = {
  name: 'tp-world',
  async serverStart() {
    harness = await startHarness(origin);
  },
  async serverStop() {
    await harness?.stop();
  },
  async executeCommand({ command, payload }) {
    if (command === 'tp-world') return harness.world;
    if (command === 'tp-code') return { code: await harness.lastCode(payload.email) };
    // The help desk's side of a live update, written straight to the database as an agent's action would be.
    if (command === 'tp-agent-reply') {
      await harness.agentReply(payload.ticketId, payload.body);
      return true;
    }
    if (command === 'tp-set-status') {
      await harness.setStatus(payload.ticketId, payload.status);
      return true;
    }
    if (command === 'tp-new-ticket') return { id: await harness.newTicket(payload.title) };
    if (command === 'tp-short-session') return harness.shortSession(payload.user, payload.tokenSeconds);
    if (command === 'tp-advance-clock') {
      harness.advanceClock(payload.ms);
      return true;
    }
    if (command === 'tp-refresh-spent') return { spent: await harness.refreshTokenSpent(payload.refreshToken) };
    if (command === 'tp-identity-token') return { token: await harness.identityToken(payload) };
    if (command === 'tp-age-cookie-sessions') return { aged: await harness.ageCookieSessions(payload.user) };
    return undefined;
  },
};

/**
 * A virtual authenticator in the test's own page, through the DevTools
 * protocol (WebAuthn domain): a platform passkey store that verifies its
 * user. `add` answers its id; `credentials` lists the passkeys it holds;
 * `remove` takes it away.
 */
const authenticators = new Map();
const webauthn = {
  name: 'tp-webauthn',
  async executeCommand({ command, payload, session }) {
    if (command !== 'tp-webauthn') return undefined;
    let entry = authenticators.get(session.id);
    if (payload.action === 'add') {
      if (!entry) {
        const cdp = await session.browser.getPage(session.id).createCDPSession();
        await cdp.send('WebAuthn.enable');
        entry = { cdp, ids: [] };
        authenticators.set(session.id, entry);
      }
      const { authenticatorId } = await entry.cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true },
      });
      entry.ids.push(authenticatorId);
      return { authenticatorId };
    }
    if (!entry) throw new Error('tp-webauthn: no authenticator added');
    if (payload.action === 'credentials') {
      const { credentials } = await entry.cdp.send('WebAuthn.getCredentials', { authenticatorId: payload.authenticatorId });
      return { credentials: credentials.map((c) => ({ id: c.credentialId, signCount: c.signCount, resident: c.isResidentCredential })) };
    }
    if (payload.action === 'remove') {
      for (const id of entry.ids) await entry.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: id });
      await entry.cdp.detach().catch(() => undefined);
      authenticators.delete(session.id);
      return true;
    }
    throw new Error(`tp-webauthn: unknown action ${payload.action}`);
  },
};

/**
 * A person's mouse: moves to a point of the page and clicks there `count`
 * times in a row (2: a double click), through the DevTools protocol, so the
 * browser runs its whole chain (hit testing, focus, click, form submission)
 * with trusted events.
 */
const mouse = {
  name: 'tp-mouse',
  async executeCommand({ command, payload, session }) {
    if (command !== 'tp-click') return undefined;
    const page = session.browser.getPage(session.id);
    await page.mouse.click(payload.x, payload.y, { count: payload.count ?? 1 });
    return true;
  },
};

/**
 * What the page's own DevTools would show: its console messages (the
 * browser's "Failed to load resource: … 401" included) and every response it
 * received, from `start` until `stop`, which answers them. A DevTools session
 * of its own, opened at `start`, so nothing from before is counted.
 */
const recordings = new Map();
const recorder = {
  name: 'tp-recorder',
  async executeCommand({ command, payload, session }) {
    if (command !== 'tp-record') return undefined;
    if (payload.action === 'start') {
      const cdp = await session.browser.getPage(session.id).createCDPSession();
      const since = Date.now();
      const log = { console: [], responses: [] };
      const requests = new Map();
      cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
        const language = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'accept-language')?.[1] ?? null;
        requests.set(requestId, { method: request.method, language });
      });
      cdp.on('Network.responseReceived', (e) => {
        if (requests.has(e.requestId)) log.responses.push({ ...requests.get(e.requestId), url: e.response.url, status: e.response.status });
      });
      cdp.on('Runtime.consoleAPICalled', (e) => {
        if (e.timestamp >= since) log.console.push({ type: e.type, text: e.args.map((a) => a.value ?? a.description).join(' ') });
      });
      // Log.enable replays earlier entries: only the new ones count.
      cdp.on('Log.entryAdded', ({ entry }) => entry.timestamp >= since && log.console.push({ type: entry.level, text: entry.text }));
      await Promise.all(['Network', 'Runtime', 'Log'].map((domain) => cdp.send(`${domain}.enable`)));
      recordings.set(session.id, { log, cdp });
      return true;
    }
    const recording = recordings.get(session.id);
    recordings.delete(session.id);
    await recording?.cdp.detach().catch(() => undefined);
    return recording?.log ?? { console: [], responses: [] };
  },
};

/**
 * A visit to a host page on another origin than the test pages' (127.0.0.1
 * rather than localhost: a site the portal does not list), in a tab of its own:
 * opens the launcher as a visitor would and answers what the visitor reads in
 * the panel (its alert) and what the tab's console showed (`source`: `console`
 * for the page's scripts, else the browser's own, e.g. `network`).
 */
const foreignHost = {
  name: 'tp-foreign-host',
  async executeCommand({ command, payload, session }) {
    if (command !== 'tp-foreign-host') return undefined;
    const tab = await session.browser.getPage(session.id).browser().newPage();
    try {
      const cdp = await tab.createCDPSession();
      const log = [];
      cdp.on('Runtime.consoleAPICalled', (e) => log.push({ source: 'console', type: e.type, text: e.args.map((a) => a.value ?? a.description).join(' ') }));
      cdp.on('Log.entryAdded', ({ entry }) => log.push({ source: entry.source, type: entry.level, text: entry.text }));
      await Promise.all([cdp.send('Runtime.enable'), cdp.send('Log.enable')]);
      await tab.goto(`http://127.0.0.1:${port}${payload.path}`);
      const inPortal = (selector) => `document.querySelector('tickets-portal')?.shadowRoot?.querySelector(${JSON.stringify(selector)})`;
      await tab.waitForFunction(inPortal('button.launcher'), { timeout: 10_000 });
      await tab.evaluate(`${inPortal('button.launcher')}.click()`);
      const alert = await tab.waitForFunction(`${inPortal('[role=alert]')}?.textContent.trim()`, { timeout: 10_000 });
      return { alert: await alert.jsonValue(), console: log };
    } finally {
      await tab.close();
    }
  },
};

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'host', 'upgrade']);

/**
 * The test pages' origin also answers `/api/` by forwarding to the harness
 * server (whose public URL it is): a test page at `/p/acme` is then the
 * full-screen portal on the backend's own origin, with its session cookie and
 * passkeys, as `npm start` serves it. Streams both ways (live updates).
 */
const apiProxy = async (ctx, next) => {
  if (!ctx.path.startsWith('/api/')) return next();
  const chunks = [];
  for await (const chunk of ctx.req) chunks.push(chunk);
  const headers = {};
  for (const [name, value] of Object.entries(ctx.request.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
  const upstream = new AbortController();
  ctx.res.once('close', () => upstream.abort());
  const res = await fetch(`${harness.world.api}${ctx.url}`, {
    method: ctx.method,
    headers,
    body: chunks.length ? Buffer.concat(chunks) : undefined,
    redirect: 'manual',
    signal: upstream.signal,
  });
  ctx.status = res.status;
  res.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name) && name !== 'set-cookie') ctx.set(name, value);
  });
  const cookies = res.headers.getSetCookie();
  if (cookies.length) ctx.set('set-cookie', cookies);
  ctx.body = res.body ? Readable.fromWeb(res.body).on('error', () => undefined) : null;
};

/**
 * A host page under a strict CSP (SECURITY.md row 21): scripts only from itself
 * and the server, styles only from itself, nothing inline. The first script
 * records violations before the widget loads.
 */
const strictHost = async (ctx, next) => {
  if (ctx.path !== '/strict-host.html') return next();
  const api = harness.world.api;
  // `?tt=none`: the page also forbids every Trusted Types policy (a guest that made one would fail to load).
  const tt = ctx.query.tt === 'none' ? "; trusted-types 'none'" : '';
  ctx.set('content-security-policy', `default-src 'none'; script-src 'self' ${api}; style-src 'self'; connect-src ${api}; img-src 'self'${tt}`);
  ctx.type = 'html';
  const twice = ctx.query.twice === '1';
  // `?identity=<jwt>`: the host's backend signed its customer in (data-identity-token on the tag).
  const identity = /^[\w.-]{1,4096}$/.test(ctx.query.identity ?? '') ? ` data-identity-token="${ctx.query.identity}"` : '';
  // `?locale=fr`: the tag names the visitor's language.
  const locale = ctx.query.locale === 'fr' ? ' data-locale="fr"' : '';
  const tag = `<script src="${api}/widget/tickets-portal.js" data-portal="acme"${identity}${locale} async></script>`;
  ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Strict host</title>
<script src="/widget/test/fixtures/csp-recorder.js"></script>
<link rel="stylesheet" href="/widget/test/fixtures/host.css">
${tag}${twice ? tag : ''}</head><body><main><h1>Host page</h1><p id="host-text">Our product.</p></main></body></html>`;
};

export default {
  rootDir: '.',
  files: ['widget/src/**/*.test.ts', 'widget/test/**/*.test.ts'],
  nodeResolve: true,
  port,
  hostname: 'localhost',
  concurrency: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM,
        args: [
          '--no-sandbox',
          '--headless=new',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      },
    }),
  ],
  middleware: [apiProxy, strictHost],
  plugins: [typescript, world, webauthn, mouse, recorder, foreignHost, emulateMediaPlugin(), sendKeysPlugin(), setViewportPlugin()],
};
