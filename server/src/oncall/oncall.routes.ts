import express from 'express';
import { HttpError, errorBoundary, route } from '../http/http-error';
import { CalendarFeedService, FEED_PATH } from './calendar-feed.service';

/**
 * `GET /api/calendar/<secret>.ics?weeks=N`: a secret calendar feed (a person's shifts, or a schedule's), one
 * event per person per continuous stretch on call. An unknown or revoked secret is a 404 like any unknown path.
 */
export function onCallRoutes(feeds: CalendarFeedService, logError: (e: unknown) => void): express.Router {
  const router = express.Router();
  router.get(
    `${FEED_PATH}:file`,
    route(async (req, res) => {
      const weeksRaw = req.query.weeks === undefined ? '4' : String(req.query.weeks);
      if (!/^\d{1,2}$/.test(weeksRaw) || Number(weeksRaw) < 1 || Number(weeksRaw) > 26) {
        throw new HttpError('VALIDATION', 'weeks must be a whole number from 1 to 26.', 'weeks');
      }
      const body = await feeds.render(String(req.params.file).replace(/\.ics$/, ''), Number(weeksRaw));
      if (body === null) throw new HttpError('NOT_FOUND', 'No calendar feed at this address (unknown or revoked).');
      // People's names and shifts: no shared cache may keep them after the URL is revoked.
      res.set('Cache-Control', 'private, no-store').type('text/calendar; charset=utf-8').send(body);
    }),
  );
  // The feed that was public by schedule id: the same answer for every id, so it tells nothing about schedules.
  router.get('/api/schedules/:id/ical', () => {
    throw new HttpError(
      'NOT_FOUND',
      'Calendar feeds have secret URLs now: make one with createMyCalendarFeed or createScheduleCalendarFeed.',
    );
  });
  router.use(errorBoundary({ log: logError }));
  return router;
}
