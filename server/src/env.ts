import { z } from 'zod';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().min(1).default('./data/tickets.db'),
  UPLOAD_DIR: z.string().min(1).default('./data/uploads'),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1).default(10 * 1024 * 1024),
  SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().default('Support <support@localhost>'),
  ADMIN_EMAIL: z.email().optional(),
  DEMO: z.enum(['0', '1']).default('0'),
  /** Set to 1 behind exactly one reverse proxy, so rate limits see the client's IP rather than the proxy's. */
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
});
export type Env = z.infer<typeof EnvSchema>;

/** Reads the environment once at start-up; a bad value stops the process with its name. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`Invalid environment variable ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}
