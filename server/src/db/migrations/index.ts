import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-mail.js';
import * as m0003 from './0003-auth.js';
import * as m0004 from './0004-performance.js';
import * as m0005 from './0005-users-role.js';
import * as m0006 from './0006-covering-grant-indexes.js';
import * as m0007 from './0007-outbox-sign-in-lane.js';
import * as m0008 from './0008-host-sites.js';
import * as m0009 from './0009-staff-sign-in.js';
import * as m0010 from './0010-inbound-email.js';
import * as m0011 from './0011-ticket-ratings.js';
import * as m0012 from './0012-live-updates.js';
import * as m0013 from './0013-portal-logos.js';
import * as m0014 from './0014-audit-events.js';
import * as m0015 from './0015-user-deactivation.js';
import * as m0016 from './0016-ticket-number-sequence.js';

/** Every migration, in order. Listed explicitly so bundles and tests need no directory scan. */
const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-mail': m0002,
  '0003-auth': m0003,
  '0004-performance': m0004,
  '0005-users-role': m0005,
  '0006-covering-grant-indexes': m0006,
  '0007-outbox-sign-in-lane': m0007,
  '0008-host-sites': m0008,
  '0009-staff-sign-in': m0009,
  '0010-inbound-email': m0010,
  '0011-ticket-ratings': m0011,
  '0012-live-updates': m0012,
  '0013-portal-logos': m0013,
  '0014-audit-events': m0014,
  '0015-user-deactivation': m0015,
  '0016-ticket-number-sequence': m0016,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
