import { Router } from 'express';
import { publicStatusLabel } from '@vigil/shared';
import { HttpError, errorBoundary, route, sendHttpError } from '../http/http-error';
import { PublicIncident, PublicStatusPage } from './statuspage.types';
import { StatusPageService } from './statuspage.service';
import { PublicStatusStream } from './statuspage.stream';

/** GET /api/status.json, /api/status/stream (SSE) and /status/feed.atom: the public page without a login. */
export function statusPageRoutes(statusPage: StatusPageService, stream: PublicStatusStream, publicUrl: string): Router {
  const router = Router();
  // The public page is what customers read during an outage: if it cannot be built, say "try again", never a 500.
  const snapshot = async (): Promise<PublicStatusPage> => {
    try {
      return await statusPage.snapshot();
    } catch {
      throw new HttpError('UNAVAILABLE', 'Status is temporarily unavailable.');
    }
  };
  router.get('/api/status/stream', async (_req, res) => {
    try {
      await stream.attach(res);
    } catch {
      if (!res.headersSent) sendHttpError(res, new HttpError('UNAVAILABLE', 'Status is temporarily unavailable.'));
      else res.end();
    }
  });
  router.get('/api/status.json', route(async (_req, res) => {
    const page = await snapshot();
    res.set('Cache-Control', 'no-cache').set('Access-Control-Allow-Origin', '*').json(page);
  }));
  router.get('/status/feed.atom', route(async (_req, res) => {
    const page = await snapshot();
    res.set('Cache-Control', 'no-cache').type('application/atom+xml; charset=utf-8').send(atomFeed(page, publicUrl));
  }));
  router.use(errorBoundary({ log: () => undefined }));
  return router;
}

/** The page as an Atom feed: one entry per public update, newest first. */
export function atomFeed(page: PublicStatusPage, publicUrl: string): string {
  const base = publicUrl.replace(/\/+$/, '');
  const entries = [...page.activeIncidents, ...page.pastIncidents]
    .flatMap((incident) => incident.updates.map((update) => ({ incident, update })))
    .sort((a, b) => b.update.at.getTime() - a.update.at.getTime() || Number(b.update.id) - Number(a.update.id));
  const updated = entries[0]?.update.at ?? page.generatedAt;
  const body = entries.map(({ incident, update }) => [
    '  <entry>',
    `    <id>${xml(`${base}/status#update-${update.id}`)}</id>`,
    `    <title>${xml(entryTitle(incident, update.status))}</title>`,
    `    <updated>${update.at.toISOString()}</updated>`,
    `    <link rel="alternate" type="text/html" href="${xml(`${base}/status#incident-${incident.id}`)}"/>`,
    `    <content type="text">${xml(update.line)}</content>`,
    '  </entry>',
  ].join('\n'));
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
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
    // Characters XML 1.0 cannot carry at all; a public message must never break the feed.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
