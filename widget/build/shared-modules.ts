// An esbuild plugin for the panel bundle: its imports of the modules the
// launcher shares (widget/src/shared/shared-modules.ts) read them from the
// <tickets-portal> class the launcher defined, instead of bundling a second
// copy. A second Lit would cost bytes; a second copy of a context module would
// make new context keys (symbols) that no provider answers.
import { relative } from 'node:path';
import type { Plugin } from 'esbuild';

/** Package imports shared as they are named. */
const PACKAGES = new Set(['lit', 'lit/decorators.js', '@lit/context']);
/** Source files shared, as paths under widget/src without the extension. */
const FILES = new Set([
  'api/client',
  'api/webauthn',
  'context/api-context',
  'context/changes-context',
  'context/portal-context',
  'context/session-context',
  'i18n/strings',
  'styles/tokens',
  'shared/events',
  'shared/icons',
  'shared/tp-element',
]);

/** Maps shared imports under `srcDir` (widget/src) to the launcher's copies. */
export function sharedFromLauncher(srcDir: string): Plugin {
  return {
    name: 'tp-shared-from-launcher',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        if (PACKAGES.has(args.path)) return { path: args.path, namespace: 'tp-shared' };
        if (!args.path.startsWith('.')) return undefined;
        const key = relative(srcDir, `${args.resolveDir}/${args.path}`)
          .replace(/\\/g, '/')
          .replace(/\.(js|ts)$/, '');
        return FILES.has(key) ? { path: key, namespace: 'tp-shared' } : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'tp-shared' }, (args) => ({
        contents: `module.exports = customElements.get('tickets-portal').shared[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}
