import type { Executor } from '../db/executor.js';

/** A ticket's rating as the APIs show it. */
export interface RatingDto {
  rating: 'good' | 'bad';
  comment: string;
  ratedAt: string;
}

/** The ticket's rating, or null when nobody rated it. */
export async function findRating(db: Executor, ticketId: string): Promise<RatingDto | null> {
  const row = await db
    .selectFrom('ticket_ratings')
    .select(['rating', 'comment', 'created_at'])
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  return row ? { rating: row.rating, comment: row.comment, ratedAt: row.created_at } : null;
}

/**
 * Records the rating unless the ticket already has one; answers whether it
 * was recorded. Two customers rating at once: the primary key keeps the first.
 */
export async function insertRating(
  db: Executor,
  input: { ticketId: string; rating: 'good' | 'bad'; comment: string; userId: string; now: string },
): Promise<boolean> {
  const result = await db
    .insertInto('ticket_ratings')
    .values({
      ticket_id: input.ticketId,
      rating: input.rating,
      comment: input.comment,
      user_id: input.userId,
      created_at: input.now,
    })
    .onConflict((oc) => oc.column('ticket_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}
