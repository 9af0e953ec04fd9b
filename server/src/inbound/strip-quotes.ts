/**
 * The new text of an email reply: the part above the quoted email and the
 * signature. Our emails start with a marker line (`##- … -##`, mail/layout.ts),
 * so whatever quotes it is cut there; mail clients that drop or reflow the
 * marker are handled by their common quote headers: Gmail's and Apple Mail's
 * "On … wrote:", Outlook's "From: … Sent: …" block and its separator lines,
 * and `>` quoting.
 */
export function visibleReply(text: string): string {
  let lines = text.replace(/\r\n?/g, '\n').split('\n');
  const marker = lines.findIndex((line) => /##-.*-##/.test(line));
  if (marker >= 0) lines = lines.slice(0, marker);
  const quote = lines.findIndex((_, i) => startsQuote(lines, i));
  if (quote >= 0) lines = lines.slice(0, quote);
  const signature = lines.findIndex((line) => /^-- ?$/.test(line));
  if (signature >= 0) lines = lines.slice(0, signature);
  const last = () => lines[lines.length - 1] ?? '';
  for (;;) {
    while (lines.length > 0 && last().trim() === '') lines.pop();
    if (lines.length === 0 || !isSentFrom(last())) break;
    lines.pop();
  }
  return lines.join('\n').replace(/^(\s*\n)+/, '');
}

const ATTRIBUTION_START = /^\s*(On|Le|Am|El)\s/;
const ATTRIBUTION_END = /(wrote|a écrit|schrieb|escribió)\s*:\s*$/;

function startsQuote(lines: string[], i: number): boolean {
  const line = lines[i]!;
  if (/^\s*>/.test(line)) return true;
  if (/^\s*-{2,}\s*(Original Message|Message d'origine|Ursprüngliche Nachricht)\s*-{2,}\s*$/i.test(line)) return true;
  // Outlook's rule above the quoted header block.
  if (/^\s*_{20,}\s*$/.test(line)) return true;
  // Outlook's header block: From: … then Sent:/Date: within a few lines.
  if (/^\s*\*?(From|De|Von)\s*:\*?\s/.test(line)) {
    return lines.slice(i + 1, i + 5).some((next) => /^\s*\*?(Sent|Date|Envoyé|Gesendet)\s*:\*?\s/.test(next));
  }
  // Gmail and Apple Mail: "On <date>, <name> wrote:", sometimes wrapped over two or three lines.
  if (ATTRIBUTION_START.test(line)) {
    const joined = lines.slice(i, i + 3);
    for (let n = 1; n <= joined.length; n += 1) {
      if (ATTRIBUTION_END.test(joined.slice(0, n).join(' '))) return true;
    }
  }
  return false;
}

/** A client's own footer: "Sent from my iPhone", "Get Outlook for Android", "Envoyé de mon iPhone". */
function isSentFrom(line: string): boolean {
  return /^\s*(Sent from my |Sent from Outlook|Sent from Mail for|Get Outlook for |Envoyé de mon |Envoyé depuis )/i.test(
    line,
  );
}
