import type { Executor } from '../db/executor.js';
import type { Selectable } from 'kysely';
import type { IdempotencyKeysTable } from '../db/schema.js';

/** Who sent which key, for which portal and request. */
export interface IdempotencyClaim {
  userId: string;
  key: string;
  portalId: string;
  requestHash: string;
  now: string;
}

/**
 * Claims `key` for this request, in the transaction that does the work; false
 * when another request with it committed first (then `findIdempotencyKey`).
 */
export async function claimIdempotencyKey(trx: Executor, claim: IdempotencyClaim): Promise<boolean> {
  const claimed = await trx
    .insertInto('idempotency_keys')
    .values({
      user_id: claim.userId,
      key: claim.key,
      portal_id: claim.portalId,
      request_hash: claim.requestHash,
      response_status: null,
      response_body: null,
      created_at: claim.now,
    })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** The earlier request of this user with this key. */
export async function findIdempotencyKey(
  trx: Executor,
  userId: string,
  key: string,
): Promise<Selectable<IdempotencyKeysTable>> {
  return trx
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
}

/** Stores the answer a claimed key replays. */
export async function storeIdempotentResponse(
  trx: Executor,
  userId: string,
  key: string,
  status: number,
  body: unknown,
): Promise<void> {
  await trx
    .updateTable('idempotency_keys')
    .set({ response_status: status, response_body: JSON.stringify(body) })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute();
}
