import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/** How often the WAL is copied back into the database file. */
const CHECKPOINT_EVERY_MS = 500;

// Plain CommonJS run by the worker thread (no TypeScript loader there): its own connection,
// a PASSIVE checkpoint on a timer (it never waits for, nor blocks, the app's reads and writes).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Takes WAL checkpoints off the request path. By default SQLite checkpoints
 * inside the commit that takes the WAL past 1000 pages: that commit copies
 * the pages and fsyncs the database file, a 15–25 ms stall of the event loop
 * (better-sqlite3 is synchronous) about once every 26 creates. Here the app's
 * connection never checkpoints (`wal_autocheckpoint = 0`) and a worker thread
 * with a connection of its own does, on a timer. Should the worker fail, the
 * app's connection goes back to checkpointing itself, so the WAL never grows
 * without bound. Returns the function that stops the worker (before the app's
 * connection closes, so that close is the last and removes the WAL).
 */
export function checkpointOffThread(sqlite: SQLite.Database): () => Promise<void> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file: sqlite.name, driver, everyMs: CHECKPOINT_EVERY_MS },
  });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const fallBack = (reason: unknown) => {
    console.error(`WAL checkpoints back on the app's connection: ${String(reason)}`);
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  };
  worker.on('message', (message: { error?: string }) => {
    if (message.error) fallBack(message.error);
  });
  worker.on('error', fallBack);
  sqlite.pragma('wal_autocheckpoint = 0');
  let stopped = false;
  return async () => {
    if (!stopped) {
      stopped = true;
      worker.removeAllListeners('error');
      // Unreferenced, its exit alone would not keep the process alive for this await.
      worker.ref();
      worker.postMessage('stop');
    }
    await exited;
  };
}
