import { DomainError } from './errors';
import { AlertSeverityInput, mapAlertSeverity, validateSeverityMapping } from './alert-mapping';
import { Severity } from './severity';

describe('mapAlertSeverity with the default mapping', () => {
  it.each<[string, AlertSeverityInput, Severity]>([
    ['PagerDuty critical', { severity: 'critical' }, 'P1'],
    ['PagerDuty error', { severity: 'error' }, 'P2'],
    ['PagerDuty warning', { severity: 'warning' }, 'P3'],
    ['PagerDuty info', { severity: 'info' }, 'P3'],
    ['case and spaces do not matter', { severity: '  CRITICAL ' }, 'P1'],
    ['unknown word', { severity: 'catastrophic' }, 'P2'],
    ['nothing at all', {}, 'P2'],
    ['Prometheus severity label', { labels: { severity: 'warning' } }, 'P3'],
    ['Grafana level label', { labels: { level: 'critical' } }, 'P1'],
    ['the sender word beats a label', { severity: 'info', labels: { severity: 'critical' } }, 'P3'],
    [
      'an unknown sender word falls through to the label',
      { severity: 'weird', labels: { severity: 'critical' } },
      'P1',
    ],
    ['vigil_severity overrides', { severity: 'info', labels: { vigil_severity: 'P0' } }, 'P0'],
    ['priority overrides, lower case', { severity: 'critical', labels: { priority: 'p3' } }, 'P3'],
    ['vigil_severity beats priority', { labels: { vigil_severity: 'P1', priority: 'P3' } }, 'P1'],
    ['an override that is not P0–P3 is ignored', { severity: 'warning', labels: { vigil_severity: 'P7' } }, 'P3'],
    ['a non-text override is ignored', { severity: 'error', labels: { priority: 0 } }, 'P2'],
  ])('%s', (_label, input, expected) => {
    expect(mapAlertSeverity(input)).toBe(expected);
  });

  it('a custom mapping overrides the default word by word and adds new words', () => {
    const custom = validateSeverityMapping([
      { alertSeverity: 'Critical', severity: 'P0' },
      { alertSeverity: 'sev2', severity: 'P2' },
    ]);
    expect(mapAlertSeverity({ severity: 'critical' }, custom)).toBe('P0');
    expect(mapAlertSeverity({ labels: { severity: 'sev2' } }, custom)).toBe('P2');
    expect(mapAlertSeverity({ severity: 'warning' }, custom)).toBe('P3');
    expect(mapAlertSeverity({ severity: 'critical', labels: { vigil_severity: 'P3' } }, custom)).toBe('P3');
  });
});

describe('validateSeverityMapping', () => {
  it.each([
    ['a bad severity', [{ alertSeverity: 'critical', severity: 'P9' }]],
    ['an empty word', [{ alertSeverity: ' ', severity: 'P1' }]],
    ['a word with spaces', [{ alertSeverity: 'very bad', severity: 'P1' }]],
    [
      'a repeated word',
      [
        { alertSeverity: 'x', severity: 'P1' },
        { alertSeverity: 'X', severity: 'P2' },
      ],
    ],
    ['too many entries', Array.from({ length: 51 }, (_, i) => ({ alertSeverity: `w${i}`, severity: 'P1' }))],
  ])('rejects %s with VALIDATION on the field', (_label, entries) => {
    let error: unknown;
    try {
      validateSeverityMapping(entries);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'severityMapping' });
  });
});
