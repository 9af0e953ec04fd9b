import { createContext } from '@lit/context';
import type { ApiClient } from '../api/client.js';

/** The API client of the portal; provided by <tickets-portal>. */
export const apiContext = createContext<ApiClient | undefined>(Symbol('tp-api'));
