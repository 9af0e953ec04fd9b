import { z } from '@hono/zod-openapi';
import { PRIORITIES, STANDARD_PROPERTIES } from '../tickets/ticket-fields.js';

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a color like #1a2b3c');
const url = z.url({ protocol: /^https?$/ }).max(2000);

const Palette = z.strictObject({
  logoUrl: url.nullable(),
  mainColor: color,
  mainTextColor: color,
  secondaryButtonColor: color,
  bodyColor: color,
});

/** A property of the detail panel: `status`, `due_date`, … or `custom:<field key>`. */
export const DetailPropertySchema = z.strictObject({
  property: z.union([z.enum(STANDARD_PROPERTIES), z.string().regex(/^custom:[a-z0-9_]{1,40}$/)]),
  editable: z.boolean(),
});

/** An origin allowed to embed the portal: scheme, host and optional port, nothing else. */
const Origin = z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'must be an origin such as https://example.com');

/**
 * Sign-in by a host site's own identity tokens (auth/identity.ts). The keys
 * belong to the host site (host-sites/), so every portal that refers to the
 * same host site knows the same customer by the same `sub`.
 */
export const IdentityConfigSchema = z.strictObject({
  /** The host site whose keys sign this portal's identity tokens; null turns host identity off. */
  hostSiteId: z.string().min(1).max(64).nullable().default(null),
  /** Accept the token's `email` claim to find or create the customer. */
  trustEmail: z.boolean().default(false),
  /** Accepted `aud` besides the portal's slug. */
  audience: z.string().min(1).max(200).nullable().default(null),
});
export type IdentityConfig = z.infer<typeof IdentityConfigSchema>;

/** The whole configuration of one portal, as stored and as the admin API takes it. */
export const PortalConfigSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  kind: z.enum(['ticket', 'task']),
  enabled: z.boolean(),
  rules: z.strictObject({
    ownOrFollowed: z.boolean(),
    organization: z.boolean(),
    followedProjects: z.boolean(),
  }),
  /** Ticket type ids the portal shows; any other type stays invisible. */
  visibleTypeIds: z.array(z.string().max(64)).max(200),
  detailProperties: z.array(DetailPropertySchema).max(50),
  views: z.strictObject({
    sidePanel: z.boolean(),
    all: z.boolean(),
    myOpen: z.boolean(),
    myClosed: z.boolean(),
    followed: z.boolean(),
    types: z.boolean(),
  }),
  branding: z.strictObject({ light: Palette, dark: Palette }),
  allowedOrigins: z.array(Origin).max(50),
  timesheets: z.boolean(),
  /** Priorities offered in this portal; `urgent` only where configured. */
  priorities: z.array(z.enum(PRIORITIES)).min(1),
  /** Whether customers choose a priority when creating. */
  customerSetsPriority: z.boolean(),
  /** Whether an unknown email may sign up through this portal. */
  selfSignUp: z.boolean(),
  /** Whether customers are asked to rate a ticket (good or bad, a comment) once it is closed or resolved. */
  satisfaction: z.boolean().default(false),
  /** Email in (inbound/): mail to these addresses opens a ticket of `defaultTypeId` (else the first visible type). */
  email: z
    .strictObject({
      supportAddresses: z.array(z.email().max(254).toLowerCase()).max(10),
      defaultTypeId: z.string().max(64).nullable(),
    })
    .default({ supportAddresses: [], defaultTypeId: null }),
  /** Host identity tokens: which host site, and how far to trust it. The public config route never shows it. */
  identity: IdentityConfigSchema.default({ hostSiteId: null, trustEmail: false, audience: null }),
});
export type PortalConfig = z.infer<typeof PortalConfigSchema>;
export type DetailProperty = z.infer<typeof DetailPropertySchema>;
export type VisibilityRules = PortalConfig['rules'];

/** A fresh portal's configuration: everything on, neutral branding. */
export function defaultPortalConfig(name: string, kind: PortalConfig['kind'], visibleTypeIds: string[]): PortalConfig {
  return {
    name,
    kind,
    enabled: true,
    rules: { ownOrFollowed: true, organization: true, followedProjects: true },
    visibleTypeIds,
    detailProperties: [
      { property: 'status', editable: false },
      { property: 'priority', editable: false },
      { property: 'type', editable: false },
      { property: 'assignee', editable: false },
      { property: 'created_at', editable: false },
      { property: 'updated_at', editable: false },
    ],
    views: { sidePanel: true, all: true, myOpen: true, myClosed: true, followed: true, types: true },
    branding: {
      light: {
        logoUrl: null,
        mainColor: '#2563eb',
        mainTextColor: '#ffffff',
        secondaryButtonColor: '#e5e7eb',
        bodyColor: '#ffffff',
      },
      dark: {
        logoUrl: null,
        mainColor: '#60a5fa',
        mainTextColor: '#0b1220',
        secondaryButtonColor: '#374151',
        bodyColor: '#111827',
      },
    },
    allowedOrigins: [],
    timesheets: false,
    priorities: ['low', 'medium', 'high', 'urgent'],
    customerSetsPriority: true,
    selfSignUp: true,
    satisfaction: false,
    email: { supportAddresses: [], defaultTypeId: null },
    identity: { hostSiteId: null, trustEmail: false, audience: null },
  };
}
