import { Severity } from './severity';
import {
  Publication,
  defaultPublication,
  publicImpact,
  publicationAfterSeverityChange,
  validatePublicationInput,
} from './publication';

const byDefault = (state: Publication['state']): Publication => ({
  state,
  decidedBy: 'DEFAULT',
  title: null,
  impact: null,
});

describe('publication on the status page', () => {
  it.each<[Severity, Severity | null, boolean, Publication['state']]>([
    ['P0', 'P1', false, 'PUBLISHED'],
    ['P1', 'P1', false, 'PUBLISHED'],
    ['P2', 'P1', false, 'UNPUBLISHED'],
    ['P3', 'P1', false, 'UNPUBLISHED'],
    ['P0', 'P0', false, 'PUBLISHED'],
    ['P1', 'P0', false, 'UNPUBLISHED'],
    ['P3', 'P3', false, 'PUBLISHED'],
    ['P0', null, false, 'UNPUBLISHED'],
    ['P0', 'P1', true, 'UNPUBLISHED'],
  ])(
    'a new %s with automatic publication up to %s (in maintenance: %s) is %s',
    (severity, upTo, maintenance, state) => {
      expect(defaultPublication(severity, { autoPublishUpTo: upTo, inMaintenance: maintenance })).toEqual(
        byDefault(state),
      );
    },
  );

  it.each<[string, Publication, Severity, Publication['state']]>([
    ['a default P3 raised to P1 goes on the page', byDefault('UNPUBLISHED'), 'P1', 'PUBLISHED'],
    ['a default P3 raised to P2 stays off', byDefault('UNPUBLISHED'), 'P2', 'UNPUBLISHED'],
    ['a published P1 lowered to P3 stays: customers have read about it', byDefault('PUBLISHED'), 'P3', 'PUBLISHED'],
    [
      "a responder's unpublishing stands when the severity is raised",
      { ...byDefault('UNPUBLISHED'), decidedBy: 'RESPONDER' },
      'P0',
      'UNPUBLISHED',
    ],
  ])('%s', (_label, current, severity, state) => {
    expect(publicationAfterSeverityChange(current, severity, 'P1').state).toBe(state);
  });

  it("shows the responder's impact, else the severity's", () => {
    expect(publicImpact({ impact: null }, 'P0')).toBe('MAJOR_OUTAGE');
    expect(publicImpact({ impact: null }, 'P3')).toBe('DEGRADED_PERFORMANCE');
    expect(publicImpact({ impact: 'MAJOR_OUTAGE' }, 'P3')).toBe('MAJOR_OUTAGE');
  });

  it('takes a one-line public title and a known impact, naming the field otherwise', () => {
    expect(validatePublicationInput({ title: '  Slow checkout  ', impact: 'PARTIAL_OUTAGE' })).toEqual({
      title: 'Slow checkout',
      impact: 'PARTIAL_OUTAGE',
    });
    expect(validatePublicationInput({ title: '', impact: null })).toEqual({ title: null, impact: null });
    expect(() => validatePublicationInput({ title: 'x'.repeat(201) })).toThrow(/title/);
    expect(() => validatePublicationInput({ title: 'two\nlines' })).toThrow(/title/);
    expect(() => validatePublicationInput({ impact: 'OPERATIONAL' })).toThrow(/impact must be one of/);
  });
});
