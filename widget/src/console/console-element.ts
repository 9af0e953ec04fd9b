import { ApiError } from '../api/client.js';
import { TpElement } from '../shared/tp-element.js';
import { ConsoleApi } from './console-api.js';
import { consoleText, type ConsoleKey } from './strings.js';

/**
 * Base of the console's views: everything a widget view has (the API client
 * and session from context, `t()` for the shared strings, error sentences),
 * plus `ct()` for the console's own strings.
 */
export class ConsoleElement extends TpElement {
  private cachedConsoleApi?: ConsoleApi;

  /** The inbox's and people pages' admin calls, through the console's client; undefined until it is provided. */
  protected get consoleApi(): ConsoleApi | undefined {
    if (!this.api) return undefined;
    if (this.cachedConsoleApi?.client !== this.api) this.cachedConsoleApi = new ConsoleApi(this.api);
    return this.cachedConsoleApi;
  }

  /** Whether the signed-in staff member is an admin (who also manages people and settings). */
  protected get isAdmin(): boolean {
    return this.session.user?.role === 'admin';
  }

  /**
   * A readable sentence for a failure; a 404 in the API's own words ("No such
   * user.", in the asked language), as the widget's says "ticket".
   */
  protected consoleFailure(err: unknown): string {
    return err instanceof ApiError && err.status === 404 && err.message ? err.message : this.failure(err);
  }

  /** Translates a console key for the session's language. */
  protected ct(key: ConsoleKey, params?: Record<string, string | number>): string {
    return consoleText(this.session.locale, key, params);
  }
}
