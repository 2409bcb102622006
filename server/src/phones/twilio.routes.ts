import express from 'express';
import { errorBoundary, route } from '../http/http-error';
import { PhoneReplies } from './phone.service';

/**
 * Twilio's webhooks: the inbound SMS (`/api/twilio/sms`) and a page call's keypress (`/api/twilio/voice/gather`).
 * Twilio signs the public URL it called with the form fields, so the URL is rebuilt from VIGIL_PUBLIC_URL.
 */
export function twilioRoutes(phones: PhoneReplies, publicUrl: string, log: (e: unknown) => void): express.Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });
  const base = publicUrl.replace(/\/$/, '');
  const inbound = (req: express.Request) => ({
    url: `${base}${req.originalUrl}`,
    params: Object.fromEntries(
      Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    ),
    signature: req.get('x-twilio-signature'),
  });
  const twiml = (res: express.Response, xml: string) => res.status(200).type('text/xml').send(xml);

  router.post(
    '/api/twilio/sms',
    form,
    route(async (req, res) => {
      twiml(res, await phones.sms(inbound(req)));
    }),
  );
  router.post(
    '/api/twilio/voice/gather',
    form,
    route(async (req, res) => {
      twiml(res, await phones.gather(inbound(req), Number(req.query.n)));
    }),
  );
  router.use(errorBoundary({ log }));
  return router;
}
