// An esbuild plugin for the widget bundle: Lit's production modules leave marks
// on the host page that a guest script must not (issue 4: "defines no globals
// but the element"). Lit keeps those lines in a fixed shape on purpose — its
// source says "do not change the property name or the assignment expression.
// This line will be used in regexes to search for lit-html usage" — so they are
// cut here by pattern, and the build fails if a Lit upgrade changes them.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

interface Cut {
  /** What the cut removes, for the error message. */
  what: string;
  pattern: RegExp;
  replacement: string;
}

/** `(globalThis.litHtmlVersions ??= []).push("3.3.3")`: a version list on `globalThis`, for dev-mode warnings. */
const versions = (name: string): Cut => ({
  what: `globalThis.${name}`,
  pattern: new RegExp(String.raw`\(\w+\.${name}\?\?=\[\]\)\.push\("[^"]*"\)`, 'g'),
  replacement: '0',
});

/** Where the bundle keeps Lit's property metadata instead of `globalThis.litPropertyMetadata`. */
const METADATA_MODULE = fileURLToPath(new URL('./lit-metadata.js', import.meta.url));
const useLocalMetadata = `import{litPropertyMetadata as tpLitMetadata}from${JSON.stringify(METADATA_MODULE)};`;

/**
 * Each Lit module and what must be cut from it.
 *
 * - lit-html's Trusted Types policy: registering a policy named `lit-html` is
 *   visible to the host page and throws on pages whose CSP lists the policies
 *   they allow (`trusted-types …`), which would stop the widget from loading.
 * - `Symbol.metadata ??= Symbol()` patches the host's `Symbol` for standard
 *   decorators; the widget uses the legacy ones, which never read it.
 * - `globalThis.litPropertyMetadata` becomes a map of the bundle's own.
 */
const CUTS: Record<string, { prepend?: string; cuts: Cut[] }> = {
  'lit-html/lit-html.js': {
    cuts: [
      versions('litHtmlVersions'),
      {
        what: 'trustedTypes.createPolicy("lit-html")',
        pattern: /(\w+)\?\1\.createPolicy\("lit-html",\{createHTML:(\w+)=>\2\}\):void 0/g,
        replacement: 'void 0',
      },
    ],
  },
  '@lit/reactive-element/reactive-element.js': {
    prepend: useLocalMetadata,
    cuts: [
      versions('reactiveElementVersions'),
      { what: 'Symbol.metadata ??=', pattern: /Symbol\.metadata\?\?=Symbol\("metadata"\)/g, replacement: '0' },
      {
        what: 'globalThis.litPropertyMetadata ??=',
        pattern: /\w+\.litPropertyMetadata\?\?=new WeakMap/g,
        replacement: '0',
      },
      { what: 'litPropertyMetadata reads', pattern: /(?<![\w$.])litPropertyMetadata\b/g, replacement: 'tpLitMetadata' },
    ],
  },
  '@lit/reactive-element/decorators/property.js': {
    prepend: useLocalMetadata,
    cuts: [
      {
        what: 'globalThis.litPropertyMetadata',
        pattern: /globalThis\.litPropertyMetadata\b/g,
        replacement: 'tpLitMetadata',
      },
    ],
  },
  'lit-element/lit-element.js': { cuts: [versions('litElementVersions')] },
};

/** Cuts Lit's page-global side effects out of the bundle; throws when a cut no longer applies. */
export function stripLitGlobals(): Plugin {
  return {
    name: 'tp-strip-lit-globals',
    setup(build) {
      const seen = new Set<string>();
      build.onLoad(
        { filter: /[\\/]node_modules[\\/](lit-html|@lit[\\/]reactive-element|lit-element)[\\/][\w/-]+\.js$/ },
        async (args) => {
          const key = Object.keys(CUTS).find((k) => args.path.replaceAll('\\', '/').endsWith(`/node_modules/${k}`));
          if (!key) return undefined;
          let contents = await readFile(args.path, 'utf8');
          const { prepend = '', cuts } = CUTS[key]!;
          for (const cut of cuts) {
            const before = contents;
            contents = contents.replace(cut.pattern, cut.replacement);
            if (contents === before)
              throw new Error(
                `${key}: did not find ${cut.what} to strip; Lit changed, update widget/build/lit-globals.ts.`,
              );
          }
          seen.add(key);
          return { contents: prepend + contents, loader: 'js' };
        },
      );
      build.onEnd((result) => {
        if (result.errors.length) return;
        const missing = Object.keys(CUTS).filter((k) => !seen.has(k));
        if (missing.length)
          throw new Error(`Expected to bundle ${missing.join(', ')}; check widget/build/lit-globals.ts.`);
      });
    },
  };
}
