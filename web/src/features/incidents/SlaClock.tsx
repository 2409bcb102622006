import { countdown } from './wallModel';

/** One SLA countdown cell: time left, then "BREACHED … ago" in the breached colour; "met" once done in time. */
export function SlaClock({
  label,
  deadline,
  doneAt,
  now,
  testId,
}: {
  label: string;
  deadline: string;
  doneAt: string | null;
  now: Date;
  testId: string;
}) {
  const view = countdown(deadline, doneAt, now);
  return (
    <div className={`clock sla-${view.state}`} data-testid={testId}>
      <small>{label}</small>
      {view.label}
    </div>
  );
}
