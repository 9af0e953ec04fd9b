import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readdir, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { TooLargeError, type Storage } from './storage.js';

const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PART = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.part$/;

/**
 * Files in one directory, named by generated ids only: a client's file name
 * never reaches the file system. Each write goes to a temp file in `tmp/`, is
 * fsynced, renamed into place, and the directory is fsynced, so a crash leaves
 * either the whole file or nothing under its final name; a failed write
 * removes its temp file at once.
 */
export function createLocalStorage(dir: string): Storage {
  const tmpDir = join(dir, 'tmp');
  mkdirSync(tmpDir, { recursive: true, mode: 0o700 });

  return {
    async put(data, maxBytes = Infinity) {
      const key = randomUUID();
      const tmp = join(tmpDir, `${key}.part`);
      let size = 0;
      try {
        const file = await open(tmp, 'wx', 0o600);
        try {
          for await (const chunk of data instanceof Uint8Array ? [data] : data) {
            size += chunk.byteLength;
            if (size > maxBytes) throw new TooLargeError(maxBytes);
            await file.writeFile(chunk);
          }
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(tmp, join(dir, key));
      } catch (error) {
        // Too large, disk full or a failed rename must not leave a partial file behind.
        await rm(tmp, { force: true });
        throw error;
      }
      try {
        await syncDir(dir);
      } catch (error) {
        await rm(join(dir, key), { force: true });
        throw error;
      }
      return { key, size };
    },

    async read(key) {
      if (!KEY.test(key)) return null;
      let file: FileHandle;
      try {
        file = await open(join(dir, key), 'r');
      } catch {
        return null;
      }
      try {
        const { size } = await file.stat();
        return { size, stream: fileStream(file) };
      } catch (error) {
        await file.close();
        throw error;
      }
    },

    async delete(key) {
      if (KEY.test(key)) await rm(join(dir, key), { force: true });
    },

    async keysWrittenBefore(before) {
      return olderThan(dir, KEY, before);
    },

    async dropAbandonedWrites(before) {
      const parts = await olderThan(tmpDir, PART, before);
      await Promise.all(parts.map((name) => rm(join(tmpDir, name), { force: true })));
      return parts.length;
    },
  };
}

const CHUNK_BYTES = 64 * 1024;

/**
 * The file as a web stream that reads only when asked (pull), and owns the
 * handle from here: it closes it at the end, on error, or when the reader goes
 * away. Node's `Readable.toWeb` pushed on 'data' events, and one arriving
 * after the reader had cancelled threw "Controller is already closed" as an
 * uncaught exception: a client closing a download halfway could take the
 * server down.
 */
function fileStream(file: FileHandle): ReadableStream<Uint8Array> {
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await file.close();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const buffer = new Uint8Array(CHUNK_BYTES);
        const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
        if (closed) return;
        if (bytesRead === 0) {
          await close();
          controller.close();
        } else controller.enqueue(buffer.subarray(0, bytesRead));
      } catch (error) {
        await close();
        controller.error(error);
      }
    },
    cancel: close,
  });
}

/** Names in `dir` matching `pattern` whose last write is before `before`. */
async function olderThan(dir: string, pattern: RegExp, before: Date): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => pattern.test(name));
  const found: string[] = [];
  for (const name of names) {
    try {
      if ((await stat(join(dir, name))).mtimeMs < before.getTime()) found.push(name);
    } catch {
      // removed meanwhile: nothing to sweep
    }
  }
  return found;
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
