import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { inert } from '../../shared/tp-element.js';
import { pathOf, PORTAL_TABS, type PortalTab } from '../router.js';
import styles from './console-settings.styles.js';
import type { AdminPortal } from './settings-api.js';
import { SettingsElement, TpPortalChangeEvent } from './settings-element.js';

/**
 * One portal's settings: its name, kind and state above tabs (links, so each
 * tab has its address), and the tab the address names. Loads the portal once
 * per slug and hands it to the tab (`record`); a tab that saves announces the
 * portal the server answered (`tp-portal-change`), which every tab then shows.
 *
 * @summary A portal's settings page.
 */
export class TpPortalSettings extends SettingsElement {
  static override styles = [...SettingsElement.styles, styles];

  @property() slug = '';
  @property() tab: PortalTab = 'access';

  @state() private record: AdminPortal | null = null;
  @state() private error = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener(TpPortalChangeEvent.eventName, this.handleChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener(TpPortalChangeEvent.eventName, this.handleChange);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if ((changed.has('slug') || changed.has('api')) && this.api && this.slug) void this.load();
  }

  private handleChange = (e: TpPortalChangeEvent): void => {
    this.record = e.record;
  };

  private async load(): Promise<void> {
    const api = this.settingsApi;
    if (!api) return;
    const slug = this.slug;
    this.error = '';
    if (this.record?.slug !== slug) this.record = null;
    try {
      const record = await api.portal(slug);
      if (slug === this.slug) this.record = record;
    } catch (err) {
      if (slug === this.slug) this.error = this.consoleFailure(err);
    }
  }

  private renderTab(record: AdminPortal) {
    switch (this.tab) {
      case 'access':
        return html`<tp-portal-access .record=${record}></tp-portal-access>`;
      case 'properties':
        return html`<tp-portal-properties .record=${record}></tp-portal-properties>`;
      case 'views':
        return html`<tp-portal-views .record=${record}></tp-portal-views>`;
      case 'appearance':
        return html`<tp-portal-appearance .record=${record}></tp-portal-appearance>`;
      case 'embedding':
        return html`<tp-portal-embedding .record=${record}></tp-portal-embedding>`;
      case 'preview':
        return html`<tp-portal-preview .record=${record}></tp-portal-preview>`;
    }
  }

  override render() {
    const back = html`<p><a href=${pathOf({ name: 'settings', page: 'portals' })}>${this.st('backToPortals')}</a></p>`;
    if (this.error)
      return html`${back}
        <p class="error" role="alert">${this.error}</p>
        <button @click=${() => this.load()}>${this.st('retry')}</button>`;
    const record = this.record;
    if (!record) return html`${back}<p role="status">${this.st('loadingPortal')}</p>`;
    const { config } = record;
    return html`${back}
      <div class="portal-head">
        <h2>${inert(config.name)}</h2>
        <span class="muted">/${record.slug}</span>
        <span class="tag">${this.st(`kind.${config.kind}`)}</span>
        <span class="tag ${config.enabled ? '' : 'disabled'}"
          >${this.st(config.enabled ? 'state.enabled' : 'state.disabled')}</span
        >
      </div>
      <nav class="tabs" aria-label=${this.st('portalTabs')}>
        <ul>
          ${PORTAL_TABS.map(
            (tab) =>
              html`<li>
                <a
                  href=${pathOf({ name: 'portal-settings', slug: record.slug, tab })}
                  aria-current=${tab === this.tab ? 'page' : nothing}
                  >${this.st(`tab.${tab}`)}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      ${this.renderTab(record)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-portal-settings': TpPortalSettings;
  }
}
