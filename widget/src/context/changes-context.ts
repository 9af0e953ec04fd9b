import { createContext } from '@lit/context';

/**
 * The latest batch of live updates: which tickets changed (`null`: any of
 * them may have), numbered so that two batches naming the same tickets still
 * differ. Provided by <tickets-portal>; views refetch what they show.
 */
export interface Changes {
  seq: number;
  ticketIds: string[] | null;
}

export const changesContext = createContext<Changes | undefined>(Symbol('tp-changes'));

/** Whether a batch of changes concerns ticket `id`. */
export function touches(changes: Changes | undefined, id: string): boolean {
  return !!changes && (changes.ticketIds === null || changes.ticketIds.includes(id));
}
