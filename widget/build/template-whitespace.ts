// An esbuild plugin for the widget bundle: drops the indentation that follows
// each line break in the widget's own sources. esbuild keeps template literals
// verbatim, so the html`` and css`` templates would otherwise ship every
// leading space of the source (~400 bytes gzip of a 25 KB budget). A line
// break still separates what it separated, so HTML and CSS mean the same; the
// widget has no multi-line template whose indentation is content (no <pre>,
// and its textareas start empty).
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/**
 * Inside css`` templates, drops comments and the white space around braces and
 * semicolons (about 600 bytes brotli of the console). Only there, where `/*`
 * always opens a comment (elsewhere it may be a file pattern such as image/*).
 */
function squeezeCss(source: string): string {
  return source.replace(
    /\bcss`([^`]*)`/g,
    (_, body: string) => `css\`${body.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s*([;{}])\s*/g, '$1')}\``,
  );
}

/** Removes spaces and tabs after line breaks in widget/src/**.ts (tests excluded). */
export function squeezeTemplateIndentation(): Plugin {
  return {
    name: 'tp-template-indentation',
    setup(build) {
      build.onLoad({ filter: /[\\/]widget[\\/]src[\\/].*\.ts$/ }, async (args) => {
        if (args.path.endsWith('.test.ts')) return undefined;
        const source = await readFile(args.path, 'utf8');
        return { contents: squeezeCss(source.replace(/\n[ \t]+/g, '\n')), loader: 'ts' };
      });
    },
  };
}
