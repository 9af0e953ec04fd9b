// The launcher bundle's entry: registers <tickets-portal> (guarded: the script
// may be included twice) and, for `<script src=… data-portal=…>`, adds the
// launcher. The views inside the panel are a second bundle beside this one
// (widget/src/panel/panel.ts), loaded when the portal first opens.
import { define } from './shared/define.js';
import { sharedModules } from './shared/shared-modules.js';
import { TicketsPortal } from './tickets-portal/tickets-portal.js';

/** Set by the build: the panel bundle's content hash, so a cached launcher never loads another build's panel. */
declare const TP_PANEL_VERSION: string | undefined;

const self =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-portal][src*="tickets-portal"]');
TicketsPortal.shared = sharedModules;
if (self?.src) {
  const version = typeof TP_PANEL_VERSION === 'string' ? `?v=${TP_PANEL_VERSION}` : '';
  TicketsPortal.panelUrl = new URL(`tickets-portal-panel.js${version}`, self.src).href;
}
define('tickets-portal', TicketsPortal);

/** The script tag alone: one launcher per portal, however many times the script is included. */
function autoEmbed(script: HTMLScriptElement | null): void {
  const slug = script?.dataset.portal;
  if (!script?.src || !slug) return;
  const existing = [...document.querySelectorAll('tickets-portal')].some((el) => el.getAttribute('portal') === slug);
  if (existing) return;
  const el = document.createElement('tickets-portal');
  el.setAttribute('portal', slug);
  el.setAttribute('api', new URL(script.src, location.href).origin);
  el.setAttribute('mode', 'embedded');
  for (const name of ['locale', 'identityToken'] as const) {
    const value = script.dataset[name];
    if (value) el.setAttribute(name === 'identityToken' ? 'identity-token' : name, value);
  }
  const add = () => document.body.append(el);
  if (document.body) add();
  else addEventListener('DOMContentLoaded', add, { once: true });
}

autoEmbed(self);
