import { z } from 'zod';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().min(1).default('./data/tickets.db'),
  UPLOAD_DIR: z.string().min(1).default('./data/uploads'),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(10 * 1024 * 1024),
  SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z.url().optional(),
  MAIL_FROM: z.string().default('Support <support@localhost>'),
  ADMIN_EMAIL: z.email().optional(),
  DEMO: z.enum(['0', '1']).default('0'),
  /** Set to 1 behind exactly one reverse proxy, so rate limits see the client's IP rather than the proxy's. */
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  /** Email in: the domain of reply addresses (reply+<token>@…); defaults to PUBLIC_URL's host name. */
  INBOUND_DOMAIN: z
    .string()
    .regex(
      /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i,
      'must be a domain name such as in.example.com',
    )
    .optional(),
  /** Email in over SMTP: the port our listener takes mail on (from an MX or a relay). */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Address the SMTP listener binds to; HOST by default. */
  INBOUND_SMTP_HOST: z.string().min(1).optional(),
  /** Email in over IMAP: imap://user:password@host:143/INBOX or imaps://…:993/… */
  IMAP_URL: z.url({ protocol: /^imaps?$/ }).optional(),
  /** Email in over HTTP: the bearer token of POST /api/v1/inbound/mime. */
  INBOUND_HTTP_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Largest email taken in, in bytes (each attachment is also held to MAX_UPLOAD_BYTES). */
  INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
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
