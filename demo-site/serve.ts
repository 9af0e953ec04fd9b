// The demo host website: a small product help page that embeds the widget with
// one script tag, served on its own origin under a strict CSP, as a real host would.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/** Serves demo-site/ on `port`, pointing its script tag at `serverOrigin`. */
export function startDemoSite(port: number, serverOrigin: string): Promise<Server> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${serverOrigin}`,
    "style-src 'self'",
    `connect-src 'self' ${serverOrigin}`,
    `img-src 'self' ${serverOrigin} https: data: blob:`,
  ].join('; ');
  const server = createServer((req, res) => {
    const entry = FILES[new URL(req.url ?? '/', 'http://x').pathname];
    if (!entry || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    let body = readFileSync(join(dir, entry.file), 'utf8');
    if (entry.file === 'index.html') body = body.replaceAll('http://localhost:3000', serverOrigin);
    res.writeHead(200, {
      'content-type': entry.type,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
