import crypto from 'node:crypto';
import { ServerResponse } from 'node:http';
import express from 'express';
import helmet from 'helmet';

export interface SecurityHeaderOptions {
  /** The public URL is https: send HSTS and upgrade-insecure-requests (on plain http they would break the app). */
  https: boolean;
  /** Origins allowed to frame the NOC wall (VIGIL_WALL_FRAME_ANCESTORS); empty: no site may frame any page. */
  wallFrameAncestors: string[];
}

/** The wall is the one page meant for screens an operator may build around it; never the console, which acts. */
const WALL_PAGE = /^\/wall\/?$/;

/** The nonce of this response, for the few server-rendered pages that carry a <style> element. */
export function cspNonce(res: express.Response): string | undefined {
  return res.locals.cspNonce as string | undefined;
}

/**
 * Security headers on every answer (helmet): a Content-Security-Policy that allows only the built web app's own
 * scripts, styles, and connections (fetch, EventSource and the WebSocket, all same-origin), no framing, no inline
 * script; nosniff; no Referer (a wall's URL carries its token); HSTS when served over https.
 */
export function securityHeaders(options: SecurityHeaderOptions): express.RequestHandler {
  const styleNonce = (_req: unknown, res: ServerResponse) => `'nonce-${(res as express.Response).locals.cspNonce}'`;
  const policy = (frameAncestors: string[]) =>
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'none'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'", styleNonce],
          imgSrc: ["'self'"],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: frameAncestors.length ? frameAncestors : ["'none'"],
          ...(options.https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      // frame-ancestors decides; X-Frame-Options is for browsers without CSP and cannot name allowed origins.
      xFrameOptions: frameAncestors.length ? false : { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      // Vigil does not own the domain's other hosts, so no includeSubDomains.
      strictTransportSecurity: options.https ? { maxAge: 180 * 86_400, includeSubDomains: false } : false,
    });
  const strict = policy([]);
  const wall = options.wallFrameAncestors.length ? policy(options.wallFrameAncestors) : strict;
  return (req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString('base64');
    (req.method === 'GET' && WALL_PAGE.test(req.path) ? wall : strict)(req, res, next);
  };
}
