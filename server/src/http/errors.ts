import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z, type ZodError } from 'zod';
import { FRENCH_MESSAGES, isErrorText, type ErrorText } from '../i18n/error-messages.js';
import { requestLocale, type Locale } from '../i18n/locale.js';
import { frenchZodMessage, type ZodIssue } from '../i18n/zod-french.js';

/** The error body every route answers with. */
export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorSchema>;

export type { ErrorText };
/** Values of an error message's `{name}` parameters. */
export type ErrorParams = Readonly<Record<string, string | number>>;

/** What an error says: a catalog text with its parameters, or a zod issue (zod words it). */
type Wording = { text: ErrorText; params: ErrorParams } | { issue: ZodIssue };

/** `text` in `locale`, its `{name}` parameters filled in. */
export function translate(text: ErrorText, locale: Locale, params: ErrorParams = {}): string {
  const template: string = locale === 'fr' ? FRENCH_MESSAGES[text] : text;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] !== undefined ? String(params[name]) : whole,
  );
}

/** A zod issue's message in `locale`: our own schema messages from the catalog, zod's defaults reworded. */
function zodMessage(issue: ZodIssue, locale: Locale): string {
  if (locale === 'en') return issue.message;
  return isErrorText(issue.message) ? FRENCH_MESSAGES[issue.message] : frenchZodMessage(issue);
}

function word(wording: Wording, locale: Locale): string {
  return 'issue' in wording ? zodMessage(wording.issue, locale) : translate(wording.text, locale, wording.params);
}

/**
 * A failure with a status and a stable machine-readable code, turned into the
 * error JSON by `onError`, its message in the request's language. With
 * `named`, the message starts with the field (`email: must be …`).
 */
export class ApiError extends Error {
  readonly wording: Wording;
  readonly named: boolean;

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    text: ErrorText | { issue: ZodIssue },
    readonly field?: string,
    options: { params?: ErrorParams; named?: boolean } = {},
  ) {
    const wording: Wording = typeof text === 'string' ? { text, params: options.params ?? {} } : text;
    const named = (options.named ?? false) && field !== undefined;
    super(messageOf(wording, named ? field : undefined, 'en'));
    this.wording = wording;
    this.named = named;
  }

  /** The message in `locale` (the English one is `message`). */
  messageIn(locale: Locale): string {
    return messageOf(this.wording, this.named ? this.field : undefined, locale);
  }
}

function messageOf(wording: Wording, field: string | undefined, locale: Locale): string {
  const text = word(wording, locale);
  if (field === undefined) return text;
  return locale === 'fr' ? `${field} : ${text}` : `${field}: ${text}`;
}

type NotFoundSubject =
  | 'ticket'
  | 'portal'
  | 'user'
  | 'organization'
  | 'message'
  | 'follower'
  | 'route'
  | 'attachment'
  | 'passkey'
  | 'project'
  | 'ticket type'
  | 'custom field'
  | 'host site'
  | 'identity key'
  | 'inbound email'
  | 'logo';

/** The one answer for both "missing" and "not yours", so the two cannot be told apart. */
export function notFound(what: NotFoundSubject = 'ticket'): ApiError {
  return new ApiError(404, 'not_found', `No such ${what}.`);
}

/** A 400 whose message starts with the field at fault. */
export function badRequest(field: string, text: ErrorText, code = 'invalid', params?: ErrorParams): ApiError {
  return new ApiError(400, code, text, field, { named: true, ...(params ? { params } : {}) });
}

/** A 400 for a failed zod check of `field`, worded by zod (or by the schema's own message). */
export function invalidValue(field: string, issue: ZodIssue | undefined, code = 'invalid'): ApiError {
  return issue ? new ApiError(400, code, { issue }, field, { named: true }) : badRequest(field, 'is invalid.', code);
}

export function forbidden(text: ErrorText, field?: string, options: { named?: boolean } = {}): ApiError {
  return new ApiError(403, 'forbidden', text, field, options);
}

/** Turns the first zod issue into a 400 that names the offending field. */
export function validationError(error: ZodError, where: string): ApiError {
  const issue = error.issues[0];
  // The zod target of a body is `json`; callers know the whole body as `body` (as for invalid JSON).
  if (!issue) return badRequest(where === 'json' ? 'body' : where, 'is invalid.');
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    return badRequest([...path, key].join('.'), 'unknown field.', 'unknown_field');
  }
  const field = path.length > 0 ? path.join('.') : where === 'json' ? 'body' : where;
  return invalidValue(field, issue);
}

const CODES: Partial<Record<number, { code: string; text: ErrorText }>> = {
  400: { code: 'bad_request', text: 'Bad request.' },
  401: { code: 'unauthorized', text: 'Sign in to continue.' },
  403: { code: 'forbidden', text: 'Not allowed.' },
  404: { code: 'not_found', text: 'Not found.' },
  405: { code: 'method_not_allowed', text: 'Method not allowed.' },
  409: { code: 'conflict', text: 'Conflict.' },
  413: { code: 'payload_too_large', text: 'Too large.' },
  415: { code: 'unsupported_media_type', text: 'Unsupported media type.' },
  422: { code: 'unprocessable', text: 'Unprocessable request.' },
  429: { code: 'rate_limited', text: 'Too many requests; try again in {seconds} seconds.' },
};

/** The language an error answer is written in: the request's `Accept-Language` (English or French). */
export function localeOf(c: Context): Locale {
  return requestLocale(c.req.header('accept-language'));
}

/** `app.onError`: every failure leaves as the error JSON in the request's language; only real bugs become 500s. */
export function handleError(err: Error, c: Context): Response {
  const locale = localeOf(c);
  if (err instanceof ApiError) {
    return c.json(errorBody(err.code, err.messageIn(locale), err.field), err.status);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    if (status === 400 && /JSON/i.test(err.message)) {
      return c.json(errorBody('invalid_json', translate('Body is not valid JSON.', locale), 'body'), status);
    }
    const known = CODES[status];
    const retryAfter = c.res.headers.get('retry-after') ?? '';
    const message = known
      ? translate(known.text, locale, { seconds: retryAfter })
      : translate('Request failed.', locale);
    return c.json(errorBody(known?.code ?? 'error', message), status);
  }
  console.error('unexpected error', c.req.method, c.req.path, err);
  return c.json(errorBody('internal', translate('Something went wrong on our side.', locale)), 500);
}

export function errorBody(code: string, message: string, field?: string): ErrorBody {
  // `!== undefined`: a property literally named "" is still the field at fault.
  return { error: field !== undefined ? { code, message, field } : { code, message } };
}
