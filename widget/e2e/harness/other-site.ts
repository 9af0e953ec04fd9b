// A page on another site than the product's: a host page on an origin the portal
// does not allow, or an attacker's page posting a form at the product.
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { once } from 'node:events';

export interface OtherSite {
  /** `http://127.0.0.1:<port>`: another site than `http://localhost:<port>` (site = scheme + host). */
  origin: string;
  close(): Promise<void>;
}

/** Serves `html` at `/` of a new origin on 127.0.0.1 (no CSP: nothing stops its scripts or forms). */
export async function serveOtherSite(html: string): Promise<OtherSite> {
  const server = createServer((req, res) => {
    if (req.url !== '/' && req.url !== '/index.html') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
