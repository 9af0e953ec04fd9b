import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { CONSOLE_BASE, pathOf, SETTINGS_PAGES, type ConsoleRoute } from '../router.js';
import styles from './console-settings.styles.js';
import { SettingsElement } from './settings-element.js';

/** The routes this element shows. */
export type SettingsRoute = Extract<ConsoleRoute, { name: 'settings' | 'portal-settings' }>;

/**
 * The admins' settings (issue 11): a navigation of the settings pages beside
 * the page the address names. Each page is its own element; a portal's page
 * (`<tp-portal-settings>`) has tabs of its own. Agents are told the settings
 * are the admins' (the API refuses them too).
 *
 * @summary The console's settings.
 */
export class TpConsoleSettings extends SettingsElement {
  static override styles = [...SettingsElement.styles, styles];

  @property({ attribute: false }) route: SettingsRoute = { name: 'settings', page: 'portals' };

  private renderPage(route: SettingsRoute) {
    if (route.name === 'portal-settings')
      return html`<tp-portal-settings slug=${route.slug} tab=${route.tab}></tp-portal-settings>`;
    switch (route.page) {
      case 'portals':
        return html`<tp-settings-portals></tp-settings-portals>`;
      case 'projects':
        return html`<tp-settings-projects></tp-settings-projects>`;
      case 'catalog':
        return html`<tp-settings-catalog></tp-settings-catalog>`;
      case 'audit':
        return html`<tp-settings-audit></tp-settings-audit>`;
    }
  }

  override render() {
    if (!this.isAdmin)
      return html`<h2>${this.st('settingsTitle')}</h2>
        <p role="note">${this.st('adminsOnly')}</p>`;
    const route = this.route;
    const current = route.name === 'portal-settings' ? 'portals' : route.page;
    return html`<div class="layout">
      <nav class="pages" aria-label=${this.st('settingsNav')}>
        <ul>
          ${SETTINGS_PAGES.map(
            (page) =>
              html`<li>
                <a href=${pathOf({ name: 'settings', page })} aria-current=${page === current ? 'page' : nothing}
                  >${this.st(`page.${page}`)}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      <div class="page">${this.renderPage(route)}</div>
    </div>`;
  }
}

/** Where the settings start. */
export const SETTINGS_HREF = `${CONSOLE_BASE}/settings`;

declare global {
  interface HTMLElementTagNameMap {
    'tp-console-settings': TpConsoleSettings;
  }
}
