import { afterAll, beforeAll } from 'vitest';
import type { AppSettings } from '../app-env.js';
import { createTestContext, type TestContext } from './test-context.js';

/** What a test file's set-up returns: ids and tokens, under names the context does not use. */
export type WorldNames = object & { [K in keyof TestContext]?: never };

/**
 * Gives a test file its own context: made before the file's tests (with
 * `settings`) and closed after them. `build` makes the world the tests share
 * and returns the ids and tokens they use, which stand on the returned
 * context next to `request`, `world` and the rest once `beforeAll` has run,
 * that is, inside the tests.
 */
export function useTestContext(): TestContext;
export function useTestContext<W extends WorldNames>(
  build: (t: TestContext) => Promise<W>,
  settings?: Partial<AppSettings>,
): TestContext & W;
export function useTestContext<W extends WorldNames>(
  build?: (t: TestContext) => Promise<W>,
  settings?: Partial<AppSettings>,
): TestContext & W {
  const t = {} as TestContext;
  beforeAll(async () => {
    const context = await createTestContext(settings);
    Object.assign(t, context, await build?.(context));
  });
  afterAll(() => t.close());
  return t as TestContext & W;
}
