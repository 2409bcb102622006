import { Request, Response, Router } from 'express';
import { publicStatusLabel } from '@vigil/shared';
import { HttpError, errorBoundary, route, sendHttpError } from '../http/http-error';
import { StatusPageShell } from '../http/web-shell';
import { statusPageDocument } from './statuspage.html';
import { PublicIncident, PublicStatusPage } from './statuspage.types';
import { StatusPageConfig } from './statuspage.config';
import { StatusPageService } from './statuspage.service';
import { Snapshot } from './statuspage.snapshot';

/**
 * GET /status (HTML), /api/status.json, /api/status/stream (SSE) and /status/feed.atom: the public page without a login. Every answer
 * comes from the current snapshot (statuspage.snapshot.ts), rendered once per snapshot, with an ETag and a
 * Cache-Control a CDN or proxy may cache by; `If-None-Match` with the current ETag is a 304 without a body.
 */
export function statusPageRoutes(
  statusPage: StatusPageService,
  publicUrl: string,
  limits: StatusPageConfig,
  shell: StatusPageShell | null,
): Router {
  const router = Router();
  // The public page is what customers read during an outage: if it cannot be built, say "try again", never a 500.
  const snapshot = async (): Promise<Snapshot<PublicStatusPage>> => {
    try {
      return await statusPage.current();
    } catch {
      throw new HttpError('UNAVAILABLE', 'Status is temporarily unavailable.');
    }
  };
  // Stale-if-error: a cache may keep showing the last page while Vigil cannot answer.
  const cacheControl = `public, max-age=${limits.maxAgeSeconds}, stale-if-error=86400`;
  const answer = (
    req: Request,
    res: Response,
    kind: string,
    snap: Snapshot<PublicStatusPage>,
    type: string,
    render: (page: PublicStatusPage) => string,
  ) => {
    const etag = `W/"${kind}-${snap.version}"`;
    res.set({ 'Cache-Control': cacheControl, ETag: etag }).type(type);
    if (notModified(req.get('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    res.send(snap.rendered(kind, render));
  };
  router.get('/api/status/stream', async (req, res) => {
    try {
      await statusPage.stream.attach(req, res);
    } catch {
      if (!res.headersSent) sendHttpError(res, new HttpError('UNAVAILABLE', 'Status is temporarily unavailable.'));
      else res.end();
    }
  });
  router.get(
    '/api/status.json',
    route(async (req, res) => {
      res.set('Access-Control-Allow-Origin', '*');
      answer(req, res, 'json', await snapshot(), 'application/json; charset=utf-8', (page) => JSON.stringify(page));
    }),
  );
  router.get(
    '/status/feed.atom',
    route(async (req, res) => {
      answer(req, res, 'atom', await snapshot(), 'application/atom+xml; charset=utf-8', (page) =>
        atomFeed(page, publicUrl),
      );
    }),
  );
  // The page itself, rendered on the server (statuspage.html.ts): it must load for everyone, JavaScript or not.
  if (shell)
    router.get(
      /^\/status\/?$/,
      route(async (req, res) => {
        answer(req, res, 'html', await snapshot(), 'text/html; charset=utf-8', (page) =>
          statusPageDocument(shell.html, shell.stylesheets, page),
        );
      }),
    );
  router.use(errorBoundary({ log: () => undefined }));
  return router;
}

/**
 * If-None-Match against our ETag, compared weakly (RFC 9110 13.1.2). Unlike express's `req.fresh` a request's
 * `Cache-Control: no-cache` does not turn the 304 off: the origin validating is exactly what no-cache asks for,
 * and fetch() sends it with every conditional request.
 */
function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.trim() === '*' || header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** The page as an Atom feed: one entry per public update, newest first. */
function atomFeed(page: PublicStatusPage, publicUrl: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  const entries = [...page.activeIncidents, ...page.pastIncidents]
    .flatMap((incident) => incident.updates.map((update) => ({ incident, update })))
    .sort((a, b) => b.update.at.getTime() - a.update.at.getTime() || Number(b.update.id) - Number(a.update.id));
  const updated = entries[0]?.update.at ?? page.generatedAt;
  const body = entries.map(({ incident, update }) =>
    [
      '  <entry>',
      `    <id>${xml(`${base}/status#update-${update.id}`)}</id>`,
      `    <title>${xml(entryTitle(incident, update.status))}</title>`,
      `    <updated>${update.at.toISOString()}</updated>`,
      `    <link rel="alternate" type="text/html" href="${xml(`${base}/status#incident-${incident.id}`)}"/>`,
      `    <content type="text">${xml(update.line)}</content>`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(`${base}/status`)}</id>`,
    `  <title>Status: ${xml(page.headline)}</title>`,
    `  <updated>${updated.toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(`${base}/status/feed.atom`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(`${base}/status`)}"/>`,
    '  <author><name>Status page</name></author>',
    ...body,
    '</feed>',
    '',
  ].join('\n');
}

function entryTitle(incident: PublicIncident, status: PublicIncident['status'] | null): string {
  return status ? `${publicStatusLabel(status)}: ${incident.title}` : incident.title;
}

function xml(text: string): string {
  return (
    text
      .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
      // Characters XML 1.0 cannot carry at all; a public message must never break the feed.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}
