// Everything the widget suite adds to web-test-runner, for the config to list:
// the TypeScript loader, the tests' commands (with the server harness), the
// host pages, and the system Chromium.
import { createServer, type AddressInfo } from 'node:net';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../../e2e/harness/browser.js';
import { testCommands } from './commands.js';
import { apiProxy, strictHost } from './host-pages.js';
import { typescript } from './typescript.js';

/** A free port on this machine (`TP_WIDGET_TEST_PORT` picks one instead). */
async function freePort(): Promise<number> {
  if (process.env.TP_WIDGET_TEST_PORT) return Number(process.env.TP_WIDGET_TEST_PORT);
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The port the test pages are served on, and what the config lists for them. */
export async function widgetTestSetup() {
  requireChromium();
  const port = await freePort();
  const commands = testCommands(`http://localhost:${port}`, `http://127.0.0.1:${port}`);
  return {
    port,
    browser: chromeLauncher({ launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS } }),
    middleware: [apiProxy(commands.api), strictHost(commands.api)],
    plugins: [typescript(), commands],
  };
}
