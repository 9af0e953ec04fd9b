import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentDisposition, normalizeContentType, sanitizeFileName, servedContentType } from './file-metadata.js';

describe('sanitizeFileName', () => {
  it('keeps only the last path segment, without control or bidi characters', () => {
    expect(sanitizeFileName('../../x')).toBe('x');
    expect(sanitizeFileName('C:\\Users\\me\\report.docx')).toBe('report.docx');
    expect(sanitizeFileName('a.html\u0000.png')).toBe('a.html.png');
    expect(sanitizeFileName('a.html%00.png')).toBe('a.html%00.png');
    expect(sanitizeFileName('evil\u202Egnp.exe')).toBe('evilgnp.exe');
    expect(sanitizeFileName('line\r\nbreak.txt')).toBe('linebreak.txt');
    expect(sanitizeFileName(' spaced.txt ')).toBe('spaced.txt');
  });

  it('never answers empty, "." or ".."', () => {
    for (const raw of ['', '..', '.', '../', '/', '\u0000', '   ', 'a/..']) expect(sanitizeFileName(raw)).toBe('file');
  });

  it('shortens long names but keeps a short extension', () => {
    const name = sanitizeFileName(`${'é'.repeat(500)}.pdf`);
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('holds for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (raw) => {
        const name = sanitizeFileName(raw);
        encodeURIComponent(name); // throws on a lone surrogate
        return (
          name.length > 0 &&
          Array.from(name).length <= 200 &&
          !/[/\\\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(name) &&
          !/^\.+$/.test(name)
        );
      }),
    );
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and a UTF-8 extended name', () => {
    expect(contentDisposition('plain.txt')).toBe(`attachment; filename="plain.txt"; filename*=UTF-8''plain.txt`);
    expect(contentDisposition('naïve "q" \\ 100%.txt')).toBe(
      `attachment; filename="na_ve _q_ _ 100_.txt"; filename*=UTF-8''na%C3%AFve%20%22q%22%20%5C%20100%25.txt`,
    );
    expect(contentDisposition("it's (1)*.txt")).toBe(
      `attachment; filename="it's (1)*.txt"; filename*=UTF-8''it%27s%20%281%29%2A.txt`,
    );
  });

  it('is always one line of printable ASCII whose extended name decodes back', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (raw) => {
        const name = sanitizeFileName(raw);
        const header = contentDisposition(name);
        const encoded = header.slice(header.indexOf("UTF-8''") + 7);
        return (
          /^attachment; filename="[\x20-\x21\x23-\x24\x26-\x5b\x5d-\x7e]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]*$/.test(
            header,
          ) && decodeURIComponent(encoded) === name
        );
      }),
    );
  });
});

describe('content types', () => {
  it('normalizes what the client declares', () => {
    expect(normalizeContentType('Image/PNG')).toBe('image/png');
    expect(normalizeContentType('text/plain; charset=latin1')).toBe('text/plain');
    expect(normalizeContentType('')).toBe('application/octet-stream');
    expect(normalizeContentType('text/html\r\nX-Evil: 1')).toBe('application/octet-stream');
    expect(normalizeContentType('nonsense')).toBe('application/octet-stream');
  });

  it('serves only the allow-list as itself', () => {
    expect(servedContentType('image/png')).toBe('image/png');
    expect(servedContentType('image/jpeg')).toBe('image/jpeg');
    expect(servedContentType('image/gif')).toBe('image/gif');
    expect(servedContentType('image/webp')).toBe('image/webp');
    expect(servedContentType('application/pdf')).toBe('application/pdf');
    expect(servedContentType('text/plain')).toBe('text/plain; charset=utf-8');
    for (const risky of [
      'text/html',
      'image/svg+xml',
      'application/xhtml+xml',
      'text/xml',
      'application/javascript',
      'constructor',
      '__proto__',
    ]) {
      expect(servedContentType(risky)).toBe('application/octet-stream');
    }
  });
});
