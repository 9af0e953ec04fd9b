import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../http/errors.js';
import { openApiApp } from '../http/openapi-app.js';
import { errorResponses } from '../http/route-helpers.js';
import { findLogo } from './logos.repository.js';

/** Where a logo is served: stable, on our origin, under the public base URL the server hands out. */
export function logoUrl(publicUrl: string, id: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/v1/logos/${id}`;
}

const getRoute = createRoute({
  method: 'get',
  path: '/logos/{id}',
  tags: ['portals'],
  summary:
    'A portal logo, public (the widget shows it on any host site). Content-addressed: the bytes behind an id never change, so it is cached for a year',
  request: { params: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/, 'must be a logo id') }) },
  responses: {
    200: {
      description: 'The image (PNG, JPEG, WebP or SVG), with its sniffed type',
      content: {
        'image/png': { schema: { type: 'string', format: 'binary' } },
        'image/jpeg': { schema: { type: 'string', format: 'binary' } },
        'image/webp': { schema: { type: 'string', format: 'binary' } },
        'image/svg+xml': { schema: { type: 'string' } },
      },
    },
    ...errorResponses,
  },
});

/** `GET /api/v1/logos/{id}`: no session; any page may show the image, none may run it. */
export function publicLogosApp() {
  const app = openApiApp();

  app.openapi(getRoute, async (c) => {
    const db = c.var.deps.db.kysely;
    const row = await findLogo(db, c.req.valid('param').id);
    const file = row ? await c.var.deps.storage.read(row.storage_key) : null;
    if (!row || !file) throw notFound('logo');
    return c.body(file.stream, 200, {
      // The type was sniffed from the bytes at upload, never taken from the client.
      'Content-Type': row.content_type,
      'Content-Length': String(file.size),
      'X-Content-Type-Options': 'nosniff',
      // Opened directly, an SVG runs nothing and loads nothing (inline styles only); as an <img> it never could.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      // Host sites on other origins embed it.
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });

  return app;
}
