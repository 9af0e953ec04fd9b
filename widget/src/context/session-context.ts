import { createContext } from '@lit/context';
import type { User } from '../api/types.js';
import type { Locale } from '../i18n/strings.js';

/** Who is signed in (null: nobody) and the interface language. */
export interface Session {
  user: User | null;
  locale: Locale;
  /** A read-only preview (an admin looking as this customer): the views offer no changes. */
  readOnly?: boolean;
}

/** Provided by <tickets-portal>; changes on sign-in, sign-out and language change. */
export const sessionContext = createContext<Session>(Symbol('tp-session'));
