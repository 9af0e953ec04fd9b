import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures.js';
import { parseInboundMail } from './parse-mail.js';
import { visibleReply } from './strip-quotes.js';

const values = {
  FROM: 'someone@acme.example',
  TO: 'reply+abc@in.example.test',
  MESSAGE_ID: '<m1@x>',
  REFERENCES: '<ticket-1@x>',
  FROM_NAME: 'Dana Lee',
};

describe('visible text of a reply', () => {
  it('Gmail: cut at the wrapped "On … wrote:" above our marker', async () => {
    const mail = await parseInboundMail(fixture('gmail-reply', values));
    expect(visibleReply(mail.text)).toBe(
      'Thanks, restarting the printer fixed it — no more smoke.\nI will keep an eye on it.',
    );
  });

  it('Outlook: cut at the rule above the From/Sent block', async () => {
    const mail = await parseInboundMail(fixture('outlook-reply', values));
    expect(visibleReply(mail.text)).toBe('Here is the log file you asked for.\n\nRegards,\nBob');
  });

  it('Apple Mail on an iPhone: "Sent from my iPhone" and the > quote go', async () => {
    const mail = await parseInboundMail(fixture('apple-mail-reply', values));
    expect(visibleReply(mail.text)).toBe('Yes, it works now. Merci !');
  });

  it('a signature after "-- " goes', async () => {
    const mail = await parseInboundMail(fixture('new-request', values));
    expect(visibleReply(mail.text)).toBe('Hello,\n\nWhen I open Invoices I get "Error 500".\nCan you help?');
  });

  it('our marker alone, even when the client drops the attribution line', () => {
    expect(visibleReply('Fine by me.\n\n##- Please type your reply above this line -##\nAcme Support\n')).toBe(
      'Fine by me.',
    );
    expect(visibleReply("D'accord.\n\n##- Veuillez écrire votre réponse au-dessus de cette ligne -##\n")).toBe(
      "D'accord.",
    );
  });

  it('other common forms: French Gmail, Outlook "Original Message", top-posting kept whole', () => {
    expect(visibleReply('Merci.\n\nLe lun. 12 janv. 2026 à 10:15, Acme <a@b.c> a écrit :\n> texte')).toBe('Merci.');
    expect(visibleReply('Done.\n-----Original Message-----\nFrom: x')).toBe('Done.');
    expect(visibleReply('Line one\nLine two')).toBe('Line one\nLine two');
  });
});
