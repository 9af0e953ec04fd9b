import { html, nothing, type TemplateResult } from 'lit';
import type { PublicPortal } from '../api/types.js';

/** The portal's logo, its dark variant in dark mode when it has one; nothing when it has no logo. */
export function portalLogo(branding: PublicPortal['branding'] | undefined): TemplateResult | typeof nothing {
  if (!branding?.light.logoUrl) return nothing;
  return html`<picture
    >${branding.dark.logoUrl ? html`<source media="(prefers-color-scheme: dark)" srcset=${branding.dark.logoUrl} />` : nothing}<img
      src=${branding.light.logoUrl}
      alt=""
  /></picture>`;
}
