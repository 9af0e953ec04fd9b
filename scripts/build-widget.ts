// `npm run build:widget`: bundles widget/src/index.ts into the one file host pages load,
// widget/dist/tickets-portal.js, and prints its size. With --check, fails above the budget.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { stripLitGlobals } from '../widget/build/lit-globals.js';
import { squeezeTemplateIndentation } from '../widget/build/template-whitespace.js';

/** The budget for the whole bundle, gzipped. */
export const GZIP_BUDGET_BYTES = 25 * 1024;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_PATH = join(root, 'widget/dist/tickets-portal.js');

/** Builds the bundle and returns its raw and gzipped sizes in bytes. */
export async function buildWidget(): Promise<{ raw: number; gzip: number }> {
  mkdirSync(dirname(BUNDLE_PATH), { recursive: true });
  await build({
    entryPoints: [join(root, 'widget/src/index.ts')],
    outfile: BUNDLE_PATH,
    bundle: true,
    minify: true,
    // A classic script: host pages paste a plain <script async>, and an IIFE defines no globals.
    format: 'iife',
    target: 'es2022',
    legalComments: 'none',
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
    logLevel: 'warning',
    plugins: [stripLitGlobals(), squeezeTemplateIndentation()],
  });
  const bytes = readFileSync(BUNDLE_PATH);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { raw, gzip } = await buildWidget();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`widget/dist/tickets-portal.js: ${kb(raw)} raw, ${kb(gzip)} gzip (budget ${kb(GZIP_BUDGET_BYTES)} gzip)`);
  if (process.argv.includes('--check') && gzip > GZIP_BUDGET_BYTES) {
    console.error(`Bundle over budget by ${gzip - GZIP_BUDGET_BYTES} bytes gzip.`);
    process.exit(1);
  }
}
