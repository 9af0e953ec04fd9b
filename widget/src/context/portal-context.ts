import { createContext } from '@lit/context';
import type { PublicPortal } from '../api/types.js';

/** The portal's public configuration (branding, views, types, fields); provided by <tickets-portal>. */
export const portalContext = createContext<PublicPortal | undefined>(Symbol('tp-portal'));
