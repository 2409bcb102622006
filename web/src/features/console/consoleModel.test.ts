import { IncidentStatus, Severity } from '@vigil/shared';
import {
  consoleOrder,
  formErrors,
  mergeTimeline,
  myTeamsOf,
  servicesPrimaryFirst,
  transitionVerb,
} from './consoleModel';

describe('console model', () => {
  it('puts server errors next to the fields the form has', () => {
    const error = {
      errors: [
        { message: 'reason must not be empty.', extensions: { code: 'VALIDATION', field: 'reason' } },
        { message: 'No incident with id 9.', extensions: { code: 'NOT_FOUND', field: 'id' } },
        { message: 'reason again', extensions: { field: 'reason' } },
      ],
    };
    expect(formErrors(error, ['severity', 'reason'])).toEqual({
      fields: { reason: 'reason must not be empty.' },
      general: 'No incident with id 9. reason again',
    });
  });

  it('a network failure is a general message', () => {
    expect(formErrors(new Error('Failed to fetch'), ['reason'])).toEqual({ fields: {}, general: 'Failed to fetch' });
    expect(formErrors('??', [])).toEqual({ fields: {}, general: 'Something went wrong; try again.' });
  });

  it('names transitions as actions', () => {
    expect(transitionVerb('MITIGATED')).toBe('Mark mitigated');
  });

  it('merges live events into the loaded timeline without duplicates, oldest first', () => {
    const loaded = [
      { id: '1', m: 'a' },
      { id: '2', m: 'b' },
    ];
    const live = [
      { id: '10', m: 'd' },
      { id: '2', m: 'b' },
      { id: '3', m: 'c' },
    ];
    expect(mergeTimeline(loaded, live).map((e) => e.id)).toEqual(['1', '2', '3', '10']);
  });

  it("names the caller's teams that own one of an incident's services, once each", () => {
    const pay = { id: '1', name: 'Payments' };
    const web = { id: '2', name: 'Web' };
    const incident = { services: [{ team: pay }, { team: web }, { team: pay }, { team: null }, {}] };
    expect(myTeamsOf(incident, ['1'])).toEqual(['Payments']);
    expect(myTeamsOf(incident, ['1', '2'])).toEqual(['Payments', 'Web']);
    expect(myTeamsOf(incident, [])).toEqual([]);
    expect(myTeamsOf({ services: [] }, ['1'])).toEqual([]);
  });
});

describe('console order', () => {
  const i = (id: string, severity: Severity, detectedAt: string, status: IncidentStatus = 'TRIGGERED') => ({
    id,
    severity,
    detectedAt,
    status,
  });
  it.each([
    [
      'open by severity then age, an old P0 above a new P3',
      [i('1', 'P3', '10:05'), i('2', 'P0', '09:00'), i('3', 'P1', '10:00'), i('4', 'P1', '09:30')],
      [],
      ['2', '4', '3', '1'],
    ],
    [
      'resolved after the open ones, in the order given (newest first)',
      [i('5', 'P3', '10:00')],
      [i('7', 'P0', '11:00', 'RESOLVED'), i('6', 'P0', '08:00', 'RESOLVED')],
      ['5', '7', '6'],
    ],
    [
      'an incident in both lists shows once, as resolved',
      [i('8', 'P0', '09:00')],
      [i('8', 'P0', '09:00', 'RESOLVED')],
      ['8'],
    ],
    ['nothing', [], [], []],
  ])('%s', (_name, open, resolved, ids) => {
    expect(consoleOrder(open, resolved).map((r) => r.id)).toEqual(ids);
  });

  it.each<[string, Array<{ id: string; name: string }>, { id: string } | null, Array<[string, boolean]>]>([
    [
      'the primary named second alphabetically comes first',
      [
        { id: '1', name: 'api' },
        { id: '2', name: 'payments' },
      ],
      { id: '2' },
      [
        ['payments', true],
        ['api', false],
      ],
    ],
    ['a single service that is primary', [{ id: '1', name: 'api' }], { id: '1' }, [['api', true]]],
    [
      'no primary: none marked, by name',
      [
        { id: '2', name: 'web' },
        { id: '1', name: 'api' },
      ],
      null,
      [
        ['api', false],
        ['web', false],
      ],
    ],
    ['a primary not among the services marks none', [{ id: '1', name: 'api' }], { id: '9' }, [['api', false]]],
    ['no services', [], { id: '1' }, []],
  ])('services, primary first: %s', (_, services, primary, expected) => {
    expect(servicesPrimaryFirst(services, primary).map((s) => [s.name, s.primary])).toEqual(expected);
  });
});
