import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';

/** What the pipeline reads of an email, parsed by mailparser. */
export interface InboundMail {
  messageId: string | null;
  /** The From address, lower case; null when there is none we can read. */
  from: string | null;
  fromName: string | null;
  /** Every address the message names as a recipient (To, Cc, Delivered-To, X-Original-To), lower case. */
  recipients: string[];
  subject: string;
  /** The plain text (mailparser derives it from the HTML when there is no text part). */
  text: string;
  /** Lower-case header name → value, as text, for the loop and abuse screening. */
  headers: Map<string, string>;
  /** The top-level media type, e.g. `multipart/report` for a delivery status notification. */
  contentType: string;
  /** Files sent along; inline images of a signature (cid-referenced) are left out. */
  attachments: { filename: string; contentType: string; content: Buffer }[];
  /** `Content-Language`, for answering a stranger in their language. */
  language: string | null;
}

function addresses(value: AddressObject | AddressObject[] | undefined): { address: string; name: string }[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((group) =>
    group.value.flatMap((entry) => [
      ...(entry.address ? [{ address: entry.address.toLowerCase(), name: entry.name }] : []),
      ...(entry.group ?? []).filter((g) => g.address).map((g) => ({ address: g.address!.toLowerCase(), name: g.name })),
    ]),
  );
}

function headerValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(headerValue).join(', ');
  if (value && typeof value === 'object') {
    // Structured headers (Content-Type and the like): `value` plus parameters; addresses: `text`.
    const v = value as { value?: unknown; text?: unknown };
    if (typeof v.text === 'string') return v.text;
    if (typeof v.value === 'string') return v.value;
  }
  return value === undefined || value === null ? '' : String(value as string | number);
}

/** The bare addresses in an address header such as Delivered-To, lower case. */
function headerAddresses(value: string): string[] {
  return [...value.matchAll(/[^\s<>,;"]+@[^\s<>,;"]+/g)].map((m) => m[0].toLowerCase());
}

/** Parses raw MIME. Never throws on malformed mail: mailparser makes the best of it. */
export async function parseInboundMail(raw: Buffer): Promise<InboundMail> {
  const parsed: ParsedMail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  // Raw header lines (the first of each name), unfolded: mailparser folds some, such as List-*, into one object.
  const headers = new Map<string, string>();
  for (const line of parsed.headerLines) {
    if (!headers.has(line.key))
      headers.set(
        line.key,
        line.line
          .slice(line.line.indexOf(':') + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      );
  }
  const from = addresses(parsed.from)[0];
  const recipients = [...addresses(parsed.to), ...addresses(parsed.cc)].map((a) => a.address);
  for (const line of parsed.headerLines) {
    if (line.key === 'delivered-to' || line.key === 'x-original-to')
      recipients.push(...headerAddresses(line.line.slice(line.key.length + 1)));
  }
  const contentType = headerValue(parsed.headers.get('content-type') ?? 'text/plain')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  return {
    messageId: parsed.messageId ?? null,
    from: from?.address ?? null,
    fromName: from?.name || null,
    recipients: [...new Set(recipients)],
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    headers,
    contentType,
    attachments: parsed.attachments
      .filter((a) => !a.related)
      .map((a) => ({ filename: a.filename ?? 'attachment', contentType: a.contentType, content: a.content })),
    language: headers.get('content-language')?.trim() || null,
  };
}
