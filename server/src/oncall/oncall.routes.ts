import express from 'express';
import { Clock, DAY, DomainError } from '@vigil/shared';
import { parseId } from '../incidents/incident.service';
import { OnCallService } from './oncall.service';

const icalTime = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
/** RFC 5545 text escaping. */
const icalText = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** RFC 5545 folds lines longer than 75 octets; continuation lines start with a space. */
function fold(line: string): string {
  const parts: string[] = [];
  let rest = line;
  while (Buffer.byteLength(rest) > 75) {
    let cut = 74;
    while (Buffer.byteLength(rest.slice(0, cut)) > 74) cut--;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts.join('\r\n ');
}

/** `GET /api/schedules/:id/ical?weeks=N`: one event per person per continuous on-call stretch, for calendars. */
export function onCallRoutes(oncall: OnCallService, clock: Clock, host: string): express.Router {
  const router = express.Router();
  router.get('/api/schedules/:id/ical', async (req, res) => {
    try {
      const id = parseId(String(req.params.id));
      const weeksRaw = req.query.weeks === undefined ? '4' : String(req.query.weeks);
      if (!/^\d{1,2}$/.test(weeksRaw) || Number(weeksRaw) < 1 || Number(weeksRaw) > 26) {
        res.status(400).json({ error: 'weeks must be a whole number from 1 to 26.', field: 'weeks' });
        return;
      }
      const schedule = await oncall.get(id);
      const now = clock.now();
      const segments = await oncall.segments(id, now, new Date(now.getTime() + Number(weeksRaw) * 7 * DAY));
      // A person's stretch runs across segments as long as they stay on call, whoever else comes and goes.
      const spans: Array<{ userId: number; start: Date; end: Date }> = [];
      const open = new Map<number, { userId: number; start: Date; end: Date }>();
      for (const s of segments) {
        for (const [userId, span] of open) if (!s.userIds.includes(userId)) { spans.push(span); open.delete(userId); }
        for (const userId of s.userIds) {
          const span = open.get(userId);
          if (span) span.end = s.end;
          else open.set(userId, { userId, start: s.start, end: s.end });
        }
      }
      spans.push(...open.values());
      spans.sort((a, b) => a.start.getTime() - b.start.getTime() || a.userId - b.userId);
      const users = new Map((await oncall.users(spans.map((s) => s.userId))).map((u) => [u.id, u]));
      const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Vigil//On-call//EN', 'CALSCALE:GREGORIAN', `X-WR-CALNAME:${icalText(`On call: ${schedule.name}`)}`];
      for (const span of spans) {
        const name = users.get(span.userId)?.name ?? `user ${span.userId}`;
        lines.push(
          'BEGIN:VEVENT',
          `UID:vigil-schedule-${schedule.id}-user-${span.userId}-${span.start.getTime()}@${host}`,
          `DTSTAMP:${icalTime(now)}`,
          `DTSTART:${icalTime(span.start)}`,
          `DTEND:${icalTime(span.end)}`,
          `SUMMARY:${icalText(`On call: ${name} (${schedule.name})`)}`,
          'END:VEVENT',
        );
      }
      lines.push('END:VCALENDAR');
      res.type('text/calendar; charset=utf-8').send(lines.map(fold).join('\r\n') + '\r\n');
    } catch (e) {
      if (e instanceof DomainError) {
        res.status(e.code === 'NOT_FOUND' ? 404 : 400).json({ error: e.message, field: e.field ?? null });
        return;
      }
      res.status(500).json({ error: 'Internal server error' });
    }
  });
  return router;
}
