import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalStorage } from './local-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'tp-storage-'));
const storage = createLocalStorage(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** This process's open file descriptors (Linux). */
function openFiles(): number {
  return readdirSync('/proc/self/fd').length;
}

async function settled(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('local storage reads', () => {
  it('streams a file back in chunks, exactly, and closes it at the end', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const { key } = await storage.put(new Uint8Array(data));
    const before = openFiles();
    const file = await storage.read(key);
    expect(file?.size).toBe(data.length);
    const chunks: Uint8Array[] = [];
    const reader = file!.stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    await settled();
    expect(openFiles()).toBe(before);
  });

  it('closes the file when the reader goes away halfway', async () => {
    const { key } = await storage.put(new Uint8Array(randomBytes(2 * 1024 * 1024)));
    const before = openFiles();
    const files = await Promise.all([1, 2, 3].map(() => storage.read(key)));
    expect(openFiles()).toBe(before + 3);
    for (const file of files) {
      const reader = file!.stream.getReader();
      await reader.read();
      await reader.cancel();
    }
    await settled();
    expect(openFiles()).toBe(before);
  });

  it('a reader cancelling while chunks are on their way throws nothing, and every file closes', async () => {
    const { key } = await storage.put(new Uint8Array(randomBytes(4 * 1024 * 1024)));
    const before = openFiles();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => void uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const reader = (await storage.read(key))!.stream.getReader();
          for (let n = 0; n < i % 4; n++) await reader.read();
          // Not awaited first: the cancel lands while the stream is still being fed.
          void reader.read();
          await reader.cancel();
        }),
      );
      await settled();
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
    expect(openFiles()).toBe(before);
  });

  it('answers null for unknown and malformed keys', async () => {
    expect(await storage.read('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await storage.read('../../etc/passwd')).toBeNull();
  });
});
