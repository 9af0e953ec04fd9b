import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { Executor } from '../db/executor.js';
import { newId } from '../db/ids.js';
import { nowIso } from '../http/clock.js';
import { insertAuditEvent } from './audit.repository.js';

/** What a settings change is about. */
export const AUDIT_TARGET_TYPES = [
  'portal',
  'host_site',
  'user',
  'organization',
  'project',
  'ticket_type',
  'custom_field',
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/** One changed key: its value before and after (null when it did not exist). */
export interface AuditChange {
  before: unknown;
  after: unknown;
}
export type AuditChanges = Record<string, AuditChange>;

/** A settings change to record. `before` is null for a creation, `after` null for a deletion. */
export interface AuditEntry {
  /** `<target type>.<verb>`, e.g. `portal.update`, `project.follower.add`. */
  action: `${AuditTargetType}.${string}`;
  target: { type: AuditTargetType; id: string; label: string };
  before: object | null;
  after: object | null;
}

/** Keys whose values are secrets: never written to the log, whatever a caller passes. */
const SECRET_KEY = /secret|token|password|private|credential/i;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nested objects as dotted keys (`branding.light.mainColor`); arrays and scalars are leaves. Secrets are dropped. */
function flatten(value: object | null, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (value === null) return out;
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_KEY.test(key) || inner === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(inner) && Object.keys(inner).length > 0) flatten(inner, path, out);
    else out.set(path, inner);
  }
  return out;
}

/** The keys whose values differ between `before` and `after`, with both values. */
export function diff(before: object | null, after: object | null): AuditChanges {
  const a = flatten(before);
  const b = flatten(after);
  const changes: AuditChanges = {};
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const was = a.has(key) ? a.get(key) : null;
    const is = b.has(key) ? b.get(key) : null;
    if (JSON.stringify(was) !== JSON.stringify(is)) changes[key] = { before: was ?? null, after: is ?? null };
  }
  return changes;
}

/**
 * Records a settings change made by the signed-in staff member, in the
 * transaction `trx` that makes the change, so the change never commits
 * without its record. An update that changed nothing records nothing.
 */
export async function recordAudit(trx: Executor, c: Context<AppEnv>, entry: AuditEntry): Promise<void> {
  const changes = diff(entry.before, entry.after);
  const isUpdate = entry.before !== null && entry.after !== null;
  if (isUpdate && Object.keys(changes).length === 0) return;
  const actorId = c.var.viewer.userId;
  const actor = await trx.selectFrom('users').select(['name', 'email']).where('id', '=', actorId).executeTakeFirst();
  await insertAuditEvent(trx, {
    id: newId(),
    created_at: nowIso(c),
    actor_id: actorId,
    actor_name: actor?.name ?? '',
    actor_email: actor?.email ?? '',
    action: entry.action,
    target_type: entry.target.type,
    target_id: entry.target.id,
    target_label: entry.target.label,
    changes: JSON.stringify(changes),
  });
}
