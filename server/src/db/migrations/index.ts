import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';

/** Every migration, in order. Listed explicitly so bundles and tests need no directory scan. */
const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
