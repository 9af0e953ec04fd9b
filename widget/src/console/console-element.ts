import { TpElement } from '../shared/tp-element.js';
import { consoleText, type ConsoleKey } from './strings.js';

/**
 * Base of the console's views: everything a widget view has (the API client
 * and session from context, `t()` for the shared strings, error sentences),
 * plus `ct()` for the console's own strings.
 */
export class ConsoleElement extends TpElement {
  /** Translates a console key for the session's language. */
  protected ct(key: ConsoleKey, params?: Record<string, string | number>): string {
    return consoleText(this.session.locale, key, params);
  }
}
