/**
 * Where uploaded bytes live. The database row is written only after `put`
 * resolves, so an acknowledged upload is always on disk; a crash between the
 * two leaves at most an unreferenced file, never a row without bytes, and
 * `sweepOrphanUploads` (orphan-sweep.ts) removes such files later.
 */
export interface Storage {
  /** Writes the bytes durably (fsync) under a fresh, generated key. */
  put(data: Uint8Array): Promise<{ key: string; size: number }>;
  /** Reads the bytes back; null when the key is unknown. */
  get(key: string): Promise<Uint8Array<ArrayBuffer> | null>;
  /** Removes the bytes; unknown keys are ignored. */
  delete(key: string): Promise<void>;
  /** Keys of files written before `before`: candidates for the orphan sweep. */
  keysWrittenBefore(before: Date): Promise<string[]>;
  /** Removes partial writes a crashed process left behind, if older than `before`; returns how many. */
  dropAbandonedWrites(before: Date): Promise<number>;
}
