import { randomUUID } from 'node:crypto';

/** A random, non-sequential row id that reveals nothing about other rows. */
export function newId(): string {
  return randomUUID();
}
