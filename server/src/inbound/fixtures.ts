import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Raw emails written in the formats real clients send, with placeholders for the addresses a test chooses. */
export type FixtureName =
  'gmail-reply' | 'outlook-reply' | 'apple-mail-reply' | 'auto-reply' | 'bounce' | 'new-request';

/** A fixture with `{{FROM}}`, `{{TO}}`, `{{MESSAGE_ID}}`, … filled in. */
export function fixture(name: FixtureName, values: Record<string, string>): Buffer {
  const raw = readFileSync(join(import.meta.dirname, 'fixtures', `${name}.eml`), 'utf8');
  return Buffer.from(
    raw.replace(/\{\{([A-Z_]+)\}\}/g, (whole, key: string) => values[key] ?? whole),
    'utf8',
  );
}
