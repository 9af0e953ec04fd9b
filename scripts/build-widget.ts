// `npm run build:widget`: bundles the browser code into the two files the server
// sends, each with pre-compressed `.br` and `.gz` siblings, and prints their sizes:
//   widget/dist/tickets-portal.js  the <tickets-portal> element and its launcher, which host pages load (widget/src/index.ts)
//   widget/dist/tickets-portal-panel.js  the views inside it, loaded when the portal first opens (widget/src/panel/panel.ts)
//   widget/dist/console.js         the support console at /console (widget/src/console/index.ts)
// With --check, fails when a bundle is over its budget (as transferred with brotli).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { build, type Plugin } from 'esbuild';
import { sharedFromLauncher } from '../widget/build/shared-modules.js';
import { stripLitGlobals } from '../widget/build/lit-globals.js';
import { squeezeTemplateIndentation } from '../widget/build/template-whitespace.js';

/** Issue 8: the customer widget as transferred with brotli. */
export const BROTLI_BUDGET_BYTES = 25 * 1024;
/** Issue 12: the panel's bundle (the views), loaded when the portal first opens, as transferred with brotli. */
export const PANEL_BROTLI_BUDGET_BYTES = 40 * 1024;
/**
 * The console's bundle as transferred with brotli: 60 KB in issue 10, for the
 * agents' console alone. Issue 11 added every admin screen to the same bundle
 * (36 → 60.1 KB); 62 KB holds them until the settings load as a bundle of their
 * own, for admins only, when first opened (as the widget's panel does).
 */
export const CONSOLE_BROTLI_BUDGET_BYTES = 62 * 1024;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_PATH = join(root, 'widget/dist/tickets-portal.js');
export const PANEL_BUNDLE_PATH = join(root, 'widget/dist/tickets-portal-panel.js');
export const CONSOLE_BUNDLE_PATH = join(root, 'widget/dist/console.js');

/** A bundle's size in bytes: as built, and as sent with each content coding. */
export interface BundleSizes {
  raw: number;
  gzip: number;
  brotli: number;
  /** The modules bundled, as paths from the repository root (esbuild's metafile). */
  inputs: string[];
}

/**
 * Modules that must never reach a browser bundle: the widget takes its API
 * types from the server's zod schemas with `import type` (types only), so
 * neither zod nor any server module belongs in it.
 */
const SERVER_ONLY = /(^|\/)node_modules\/(zod|@hono\/zod-openapi)\/|^server\//;

/** The bundled modules that are server-only (none, when the bundle is right). */
export function serverOnlyInputs(sizes: BundleSizes): string[] {
  return sizes.inputs.filter((input) => SERVER_ONLY.test(input));
}

/** The bundles' sizes; the widget's launcher at the top level, so older callers keep reading `raw` and `gzip`. */
export type BuildResult = BundleSizes & { panel: BundleSizes; console: BundleSizes };

async function bundle(
  entry: string,
  outfile: string,
  extra: { plugins?: Plugin[]; define?: Record<string, string> } = {},
): Promise<BundleSizes> {
  const result = await build({
    metafile: true,
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    minify: true,
    // A classic script: host pages paste a plain <script async>, and an IIFE defines no globals.
    format: 'iife',
    target: 'es2022',
    legalComments: 'none',
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
    logLevel: 'warning',
    // The panel has no Lit of its own to strip (it uses the launcher's).
    plugins: [...(extra.plugins ?? [stripLitGlobals()]), squeezeTemplateIndentation()],
    define: extra.define,
  });
  const bytes = readFileSync(outfile);
  // Compressed once here at the highest levels, so serving costs nothing (the server picks a file).
  const br = brotliCompressSync(bytes, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
      [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
      [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = gzipSync(bytes, { level: 9 });
  writeFileSync(`${outfile}.br`, br);
  writeFileSync(`${outfile}.gz`, gz);
  return { raw: bytes.length, gzip: gz.length, brotli: br.length, inputs: Object.keys(result.metafile.inputs) };
}

/** Builds both bundles (and their `.br`/`.gz` siblings) and returns their sizes. */
export async function buildWidget(): Promise<BuildResult> {
  mkdirSync(dirname(BUNDLE_PATH), { recursive: true });
  // The panel first: the launcher names it by its content hash.
  const panel = await bundle('widget/src/panel/panel.ts', PANEL_BUNDLE_PATH, {
    plugins: [sharedFromLauncher(join(root, 'widget/src'))],
  });
  const version = createHash('sha256').update(readFileSync(PANEL_BUNDLE_PATH)).digest('hex').slice(0, 12);
  const widget = await bundle('widget/src/index.ts', BUNDLE_PATH, {
    define: { TP_PANEL_VERSION: JSON.stringify(version) },
  });
  const consoleSizes = await bundle('widget/src/console/index.ts', CONSOLE_BUNDLE_PATH);
  return { ...widget, panel, console: consoleSizes };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** One line per bundle: raw, gzip and brotli bytes against its brotli budget. */
export function describeSizes(name: string, sizes: BundleSizes, budget: number): string {
  return `${name}: ${sizes.raw} bytes raw, ${sizes.gzip} gzip, ${sizes.brotli} brotli (${kb(sizes.brotli)}; budget ${budget} bytes brotli)`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = await buildWidget();
  const checks: [string, BundleSizes, number][] = [
    ['widget/dist/tickets-portal.js', sizes, BROTLI_BUDGET_BYTES],
    ['widget/dist/tickets-portal-panel.js', sizes.panel, PANEL_BROTLI_BUDGET_BYTES],
    ['widget/dist/console.js', sizes.console, CONSOLE_BROTLI_BUDGET_BYTES],
  ];
  let over = false;
  for (const [name, s, budget] of checks) {
    console.log(describeSizes(name, s, budget));
    if (s.brotli > budget) {
      over = true;
      console.error(`${name} is over budget by ${s.brotli - budget} bytes brotli.`);
    }
    const leaked = serverOnlyInputs(s);
    if (leaked.length) {
      over = true;
      console.error(`${name} bundles server-only modules (use \`import type\`): ${leaked.join(', ')}`);
    }
  }
  if (process.argv.includes('--check') && over) process.exit(1);
}
