/**
 * Where uploaded bytes live. The database row is written only after `put`
 * resolves, so an acknowledged upload is always on disk; a crash between the
 * two leaves at most an unreferenced file, never a row without bytes.
 */
export interface Storage {
  /** Writes the bytes durably (fsync) under a fresh, generated key. */
  put(data: Uint8Array): Promise<{ key: string; size: number }>;
  /** Reads the bytes back; null when the key is unknown. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removes the bytes; unknown keys are ignored. */
  delete(key: string): Promise<void>;
}
