/**
 * Where uploaded bytes live. The database row is written only after `put`
 * resolves, so an acknowledged upload is always on disk; a crash between the
 * two leaves at most an unreferenced file, never a row without bytes, and
 * `sweepOrphanUploads` (orphan-sweep.ts) removes such files later.
 */
/** A stored file, opened: its size and its bytes as a stream (which closes the file when done or cancelled). */
export interface StoredFile {
  size: number;
  stream: ReadableStream<Uint8Array>;
}

export interface Storage {
  /**
   * Writes the bytes durably (fsync) under a fresh, generated key, a chunk at
   * a time as they come. Past `maxBytes` it stops, keeps nothing and throws
   * `TooLargeError`.
   */
  put(data: Uint8Array | AsyncIterable<Uint8Array>, maxBytes?: number): Promise<{ key: string; size: number }>;
  /**
   * Opens the bytes for reading, a chunk at a time, so a download never
   * holds a whole file in memory; null when the key is unknown.
   */
  read(key: string): Promise<StoredFile | null>;
  /** Removes the bytes; unknown keys are ignored. */
  delete(key: string): Promise<void>;
  /** Keys of files written before `before`: candidates for the orphan sweep. */
  keysWrittenBefore(before: Date): Promise<string[]>;
  /** Removes partial writes a crashed process left behind, if older than `before`; returns how many. */
  dropAbandonedWrites(before: Date): Promise<number>;
}

/** Thrown by `Storage.put` when the bytes run past the size it was given. */
export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than ${maxBytes} bytes`);
  }
}
