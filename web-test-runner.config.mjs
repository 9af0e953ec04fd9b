// Widget tests: real Chromium (the system one), a real server and the built bundle.
// Run with `npm run test:widget` (tsx loads the TypeScript plugins in widget/test/plugins/).
import { emulateMediaPlugin, sendKeysPlugin, setViewportPlugin } from '@web/test-runner-commands/plugins';
import { widgetTestSetup } from './widget/test/plugins/index.ts';

const { port, browser, middleware, plugins } = await widgetTestSetup();

export default {
  rootDir: '.',
  files: ['widget/src/**/*.test.ts', 'widget/test/**/*.test.ts'],
  nodeResolve: true,
  port,
  hostname: 'localhost',
  concurrency: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [browser],
  middleware,
  plugins: [...plugins, emulateMediaPlugin(), sendKeysPlugin(), setViewportPlugin()],
};
