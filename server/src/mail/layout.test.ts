import { describe, expect, it } from 'vitest';
import { REPLY_MARKER, renderMail } from './layout.js';

const doc = {
  locale: 'en' as const,
  brand: {
    name: 'Acme Support',
    mainColor: '#c2410c',
    mainTextColor: '#ffffff',
    logoUrl: 'https://acme.example/logo.png',
  },
  heading: 'Sam replied to #4',
  blocks: [{ kind: 'quote' as const, text: 'Use the Export button.', by: 'Sam' }],
  footer: 'Why you get this.',
};

describe('mail layout', () => {
  it("shows the portal's logo and main color", () => {
    const { html } = renderMail(doc);
    expect(html).toContain('<img src="https://acme.example/logo.png" alt=""');
    expect(html).toContain('background:#c2410c');
  });

  it('never puts a logo that is not an http(s) URL into the email', () => {
    const { html } = renderMail({ ...doc, brand: { ...doc.brand, logoUrl: 'javascript:alert(1)' } });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('javascript:');
  });

  it('puts the reply marker first in both parts when the email can be answered, in its language', () => {
    const { html, text } = renderMail({ ...doc, replyMarker: true });
    expect(text.split('\n')[0]).toBe(REPLY_MARKER.en);
    expect(html.indexOf(REPLY_MARKER.en)).toBeLessThan(html.indexOf('Acme Support</td>'));
    const fr = renderMail({ ...doc, locale: 'fr', replyMarker: true });
    expect(fr.text.split('\n')[0]).toBe(REPLY_MARKER.fr);
  });

  it('has no marker when replies by email are off', () => {
    const { html, text } = renderMail(doc);
    expect(text).not.toContain('##-');
    expect(html).not.toContain('##-');
  });
});
