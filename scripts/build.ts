// `npm run build`: everything production needs, compiled. The widget and console bundles
// (scripts/build-widget.ts), and the server as one ES module, dist/server.js, run by
// `npm run start:prod` (`node dist/server.js`) without tsx. Packages stay in node_modules
// (`npm ci --omit=dev` is enough to run it); only our TypeScript is bundled.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BROTLI_BUDGET_BYTES, CONSOLE_BROTLI_BUDGET_BYTES, buildWidget, describeSizes } from './build-widget.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The compiled production server. */
export const SERVER_BUNDLE = join(root, 'dist/server.js');

/** Bundles server/src/production.ts and what it imports; returns the packages it loads at run time. */
export async function buildServer(): Promise<string[]> {
  const result = await build({
    entryPoints: [join(root, 'server/src/production.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  const imports = Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.filter((i) => i.external).map((i) => i.path),
  );
  return [
    ...new Set(
      imports
        .filter((p) => !p.startsWith('node:'))
        .map((p) => (p.startsWith('@') ? p.split('/').slice(0, 2) : p.split('/').slice(0, 1)).join('/')),
    ),
  ].sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bundles = await buildWidget();
  console.log(`Built ${describeSizes('the widget', bundles, BROTLI_BUDGET_BYTES)}`);
  console.log(`Built ${describeSizes('the console', bundles.console, CONSOLE_BROTLI_BUDGET_BYTES)}`);
  const packages = await buildServer();
  console.log(`Built the server: dist/server.js (loads ${packages.join(', ')} from node_modules)`);
}
