import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory `npm run build:widget` writes the bundles to: `widget/dist`
 * under the project root, the nearest directory above this module holding a
 * package.json. Found by walking up rather than by a fixed `../..`, so the
 * same code works from server/src (tsx) and from the compiled dist/server.js.
 */
export function widgetDistDir(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(from)}: cannot find widget/dist`);
    dir = parent;
  }
  return join(dir, 'widget', 'dist');
}
