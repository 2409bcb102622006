import { DomainError } from './errors';
import {
  githubRepository,
  issueStateFor,
  statusFromIssue,
  ticketBody,
  ticketLabels,
  ticketMarker,
  ticketSyncSummary,
  ticketTextChanged,
} from './tickets';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as DomainError).field ?? 'no field';
  }
};

describe('a ticket’s labels', () => {
  it.each([
    ['P1', 'IMMEDIATE', ['incident', 'P1', 'immediate']],
    ['P0', 'SHORT_TERM', ['incident', 'P0', 'short-term']],
    [null, 'LONG_TERM', ['incident', 'long-term']],
  ] as const)('severity %s, category %s → %j', (severity, category, labels) =>
    expect(ticketLabels(severity, category)).toEqual(labels),
  );
});

describe('a ticket’s body', () => {
  it('links back, names owner and due day, and carries the marker last', () => {
    const body = ticketBody({
      actionItemId: 7,
      incidentTitle: 'Checkout down',
      owner: 'Rita',
      dueAt: new Date('2026-06-04T12:00:00.000Z'),
      postmortemUrl: 'https://vigil.example.com/postmortems/3',
    });
    expect(body).toContain('https://vigil.example.com/postmortems/3');
    expect(body).toContain('Due: 2026-06-04');
    expect(body).toContain('Owner in Vigil: Rita');
    expect(body.endsWith(ticketMarker(7))).toBe(true);
    expect(ticketMarker(7)).not.toBe(ticketMarker(70));
  });
});

describe('an edit the ticket shows', () => {
  const item = { title: 'Alert on declines', ownerId: 7, dueAt: new Date('2026-06-08T23:59:59.000Z') };
  it.each([
    ['nothing changed', {}, false],
    ['the title', { title: 'Alert on card declines' }, true],
    ['the owner', { ownerId: 8 }, true],
    ['the due day', { dueAt: new Date('2026-06-09T23:59:59.000Z') }, true],
    [
      'the due time within the same day (the ticket shows the day)',
      { dueAt: new Date('2026-06-08T08:00:00.000Z') },
      false,
    ],
  ])('%s → %s', (_what, change, changed) => {
    expect(ticketTextChanged(item, { ...item, ...change })).toBe(changed);
  });
});

describe('item status → issue state', () => {
  it.each([
    ['OPEN', 'open', null],
    ['IN_PROGRESS', 'open', null],
    ['DONE', 'closed', 'completed'],
    ['WONT_DO', 'closed', 'not_planned'],
  ] as const)('%s → %s (%s)', (status, state, reason) => expect(issueStateFor(status)).toEqual({ state, reason }));
});

describe('issue event → item status', () => {
  it.each([
    ['OPEN', 'closed', 'completed', 'DONE'],
    ['IN_PROGRESS', 'closed', null, 'DONE'],
    ['OPEN', 'closed', 'not_planned', 'WONT_DO'],
    ['DONE', 'reopened', null, 'OPEN'],
    ['WONT_DO', 'reopened', null, 'OPEN'],
    // echoes of Vigil's own change, and actions that are not about state
    ['DONE', 'closed', 'completed', null],
    ['OPEN', 'reopened', null, null],
    ['OPEN', 'labeled', null, null],
    ['OPEN', 'edited', null, null],
  ] as const)('%s + %s (%s) → %s', (current, action, reason, to) =>
    expect(statusFromIssue(current, action, reason)?.to ?? null).toBe(to),
  );
  it('a not-planned close carries a reason, as WONT_DO needs one', () =>
    expect(statusFromIssue('OPEN', 'closed', 'not_planned')?.reason).toMatch(/not planned/));
});

describe('a GitHub repository', () => {
  it.each(['acme/payments', ' acme/pay.ments_2 ', 'a-b/c'])('%j is accepted', (raw) =>
    expect(githubRepository('repository', raw)).toBe(raw.trim()),
  );
  it.each(['acme', 'acme/', '/payments', 'acme/pay/ments', 'https://github.com/acme/payments', 'acme/..', '-acme/x'])(
    '%j is refused on the field',
    (raw) => expect(fieldOf(() => githubRepository('repository', raw))).toBe('repository'),
  );
});

describe('what a person reads about the sync', () => {
  it.each([
    [{ state: 'SYNCED', number: 4, lastError: null }, true, null],
    [{ state: 'PENDING', number: null, lastError: null }, false, 'Waiting to be created.'],
    [{ state: 'PENDING', number: 4, lastError: null }, false, 'Waiting to be updated.'],
    [{ state: 'PENDING', number: null, lastError: 'connection refused' }, false, 'Retrying: connection refused'],
    [
      { state: 'FAILED', number: null, lastError: '404 Not Found' },
      false,
      'The tracker refused it: 404 Not Found. Retry once fixed.',
    ],
  ] as const)('%j → synced %s, %j', (t, synced, reason) => expect(ticketSyncSummary(t)).toEqual({ synced, reason }));
});
