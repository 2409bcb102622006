import { formatUtc } from '@vigil/shared';
import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { FormError } from '../console/FieldError';
import { useFormAction } from '../console/useFormAction';
import { CREATE_MY_CALENDAR_FEED, CREATE_SCHEDULE_CALENDAR_FEED } from './oncall.graphql';

/**
 * Makes a secret calendar feed URL (yours, or a schedule's) and shows it this once: the server keeps only its
 * hash. Making a new one stops the old one.
 */
export function CalendarFeedLink({
  scheduleId,
  existing,
  testId,
}: {
  scheduleId?: string;
  existing: { createdAt: string } | null | undefined;
  testId: string;
}) {
  const [createMine] = useMutation(CREATE_MY_CALENDAR_FEED);
  const [createSchedule] = useMutation(CREATE_SCHEDULE_CALENDAR_FEED);
  const { errors, busy, run } = useFormAction([]);
  const [url, setUrl] = useState<string | null>(null);
  const make = () =>
    void run(async () => {
      const made = scheduleId
        ? (await createSchedule({ variables: { scheduleId } })).data?.createScheduleCalendarFeed.url
        : (await createMine()).data?.createMyCalendarFeed.url;
      setUrl(made ?? null);
    });
  return (
    <div className="calendar-feed" data-testid={testId}>
      <button
        type="button"
        className="linklike"
        disabled={busy}
        onClick={make}
        data-testid={`${testId}-make`}
        title="A secret URL for a calendar app; a new one stops the old one"
      >
        {existing || url ? 'New calendar link' : 'Calendar link'}
      </button>
      {existing && !url && <span className="muted"> (one made {formatUtc(existing.createdAt)})</span>}
      {url && (
        <p className="calendar-url">
          <input
            readOnly
            value={url}
            onFocus={(e) => e.target.select()}
            data-testid={`${testId}-url`}
            aria-label="Calendar feed URL"
          />
          <span className="muted">
            Shown once: add it to your calendar app now. Keep it secret; a new link stops this one.
          </span>
        </p>
      )}
      <FormError message={errors.general} />
    </div>
  );
}
