import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Storage } from './storage.js';

const KEY = /^[0-9a-f-]{36}$/;

/**
 * Files in one directory, named by generated ids only: a client's file name
 * never reaches the file system. Each write goes to a temp file, is fsynced,
 * renamed into place, and the directory is fsynced, so a crash leaves either
 * the whole file or nothing under its final name.
 */
export function createLocalStorage(dir: string): Storage {
  const tmpDir = join(dir, 'tmp');
  mkdirSync(tmpDir, { recursive: true });

  return {
    async put(data) {
      const key = randomUUID();
      const tmp = join(tmpDir, `${key}.part`);
      const file = await open(tmp, 'wx', 0o600);
      try {
        await file.writeFile(data);
        await file.sync();
      } finally {
        await file.close();
      }
      try {
        await rename(tmp, join(dir, key));
        await syncDir(dir);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
      return { key, size: data.byteLength };
    },
    async get(key) {
      if (!KEY.test(key)) return null;
      try {
        return new Uint8Array(await readFile(join(dir, key)));
      } catch {
        return null;
      }
    },
    async delete(key) {
      if (KEY.test(key)) await rm(join(dir, key), { force: true });
    },
  };
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
