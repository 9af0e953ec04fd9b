// Test files are TypeScript next to the code and import `./x.js` for `./x.ts`
// (as tsc wants): this serves the `.ts` file for such a `.js` and strips its
// types with esbuild, with the decorator settings the bundle is built with.
import { existsSync, readFileSync } from 'node:fs';
import type { TestRunnerPlugin } from '@web/test-runner';
import { transform } from 'esbuild';

/** The `.ts` file a request under /widget/ stands for, if any. */
function sourceOf(path: string): string | undefined {
  if (!path.startsWith('/widget/')) return undefined;
  if (path.endsWith('.ts')) return `.${path}`;
  const ts = `.${path.slice(0, -3)}.ts`;
  return path.endsWith('.js') && !existsSync(`.${path}`) && existsSync(ts) ? ts : undefined;
}

export function typescript(): TestRunnerPlugin {
  return {
    name: 'tp-typescript',
    resolveMimeType: (ctx) => (ctx.path.endsWith('.ts') ? 'js' : undefined),
    serve(ctx) {
      const file = sourceOf(ctx.path);
      if (file && !ctx.path.endsWith('.ts'))
        return { body: readFileSync(file, 'utf8'), type: 'js', transformCacheKey: 'ts' };
      return undefined;
    },
    async transform(ctx) {
      if (!sourceOf(ctx.path) || typeof ctx.body !== 'string') return undefined;
      const out = await transform(ctx.body, {
        loader: 'ts',
        format: 'esm',
        target: 'es2022',
        tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
      });
      return { body: out.code };
    },
  };
}
