import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ConsoleElement } from '../console-element.js';
import { SettingsApi, type AdminPortal, type PortalPatch } from './settings-api.js';
import { settingsText, type SettingsKey } from './settings-strings.js';

/** Base of the settings pages: the portals' API and the settings strings (`st()`), beside the console's. */
export class SettingsElement extends ConsoleElement {
  private cachedSettingsApi?: SettingsApi;

  /** The settings' admin calls, through the console's client; undefined until it is provided. */
  protected get settingsApi(): SettingsApi | undefined {
    if (!this.api) return undefined;
    if (this.cachedSettingsApi?.client !== this.api) this.cachedSettingsApi = new SettingsApi(this.api);
    return this.cachedSettingsApi;
  }

  /** Translates a settings key for the session's language. */
  protected st(key: SettingsKey, params?: Record<string, string | number>): string {
    return settingsText(this.session.locale, key, params);
  }
}

/**
 * Fired by a portal's settings tab when it saved a change: the portal page
 * keeps the portal the server answered, so every tab shows the saved state.
 */
export class TpPortalChangeEvent extends Event {
  static readonly eventName = 'tp-portal-change';
  constructor(readonly record: AdminPortal) {
    super(TpPortalChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * Base of a portal's settings tabs: the portal as last saved (`record`, set by
 * the portal page), and `save()`, which patches it and reports saving, saved
 * or the server's error through `renderSaveState()`.
 */
export class PortalTabElement extends SettingsElement {
  /** The portal as the server last answered it. */
  @property({ attribute: false }) record?: AdminPortal;

  @state() protected saving = false;
  @state() protected saved = false;
  @state() protected saveError = '';

  /** Saves `patch` on the portal; true when it was saved (the new portal is announced to the page). */
  protected async save(patch: PortalPatch): Promise<boolean> {
    const api = this.settingsApi;
    if (!api || !this.record) return false;
    this.saving = true;
    this.saved = false;
    this.saveError = '';
    try {
      const record = await api.updatePortal(this.record.slug, patch);
      this.dispatchEvent(new TpPortalChangeEvent(record));
      this.saved = true;
      return true;
    } catch (err) {
      this.saveError = this.consoleFailure(err);
      return false;
    } finally {
      this.saving = false;
    }
  }

  /** The outcome of the last save, announced politely (or as an alert when it failed). */
  protected renderSaveState() {
    if (this.saveError) return html`<p class="error" role="alert">${this.saveError}</p>`;
    return html`<p class="muted" role="status">${this.saving ? this.st('saving') : this.saved ? this.st('saved') : nothing}</p>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'tp-portal-change': TpPortalChangeEvent;
  }
}
