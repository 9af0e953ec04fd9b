import type { Executor } from '../db/executor.js';
import type { LogosTable } from '../db/schema.js';

export async function findLogo(db: Executor, id: string): Promise<LogosTable | undefined> {
  return db.selectFrom('logos').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Records a logo unless the same bytes were recorded before (its id is their
 * hash). Returns whether this row was new: when not, the caller's freshly
 * stored copy is a duplicate to delete.
 */
export async function recordLogo(trx: Executor, row: LogosTable): Promise<boolean> {
  const result = await trx
    .insertInto('logos')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
