import { INCIDENT_STATUSES, IncidentStatus, PublicStatus } from './lifecycle';
import { allowedPublicStatuses, assertPublicStatusAllowed, shownPublicStatus } from './status-updates';

const WORDS: PublicStatus[] = ['INVESTIGATING', 'IDENTIFIED', 'MONITORING', 'RESOLVED'];

describe('the public status word follows the lifecycle', () => {
  it.each<[IncidentStatus, PublicStatus[]]>([
    ['TRIGGERED', ['INVESTIGATING', 'IDENTIFIED']],
    ['ACKNOWLEDGED', ['INVESTIGATING', 'IDENTIFIED']],
    ['INVESTIGATING', ['INVESTIGATING', 'IDENTIFIED']],
    ['IDENTIFIED', ['INVESTIGATING', 'IDENTIFIED']],
    ['MITIGATED', ['INVESTIGATING', 'IDENTIFIED', 'MONITORING']],
    ['RESOLVED', ['RESOLVED']],
  ])('%s allows %j', (status, words) => {
    expect(allowedPublicStatuses(status)).toEqual(words);
    for (const word of WORDS) {
      const attempt = () => assertPublicStatusAllowed(status, word);
      if (words.includes(word)) expect(attempt).not.toThrow();
      else expect(attempt).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'publicStatus' }));
    }
  });

  it('says what has to happen first', () => {
    expect(() => assertPublicStatusAllowed('MITIGATED', 'RESOLVED')).toThrow(
      'RESOLVED needs the incident resolved first; it is MITIGATED.',
    );
    expect(() => assertPublicStatusAllowed('IDENTIFIED', 'MONITORING')).toThrow(
      'MONITORING needs the incident mitigated first; it is IDENTIFIED.',
    );
    expect(() => assertPublicStatusAllowed('RESOLVED', 'MONITORING')).toThrow(
      'A resolved incident can only get a RESOLVED status update.',
    );
  });

  it('every status allows the word the status page derives from it', () => {
    const derived: Record<IncidentStatus, PublicStatus> = {
      TRIGGERED: 'INVESTIGATING',
      ACKNOWLEDGED: 'INVESTIGATING',
      INVESTIGATING: 'INVESTIGATING',
      IDENTIFIED: 'IDENTIFIED',
      MITIGATED: 'MONITORING',
      RESOLVED: 'RESOLVED',
    };
    for (const status of INCIDENT_STATUSES) expect(allowedPublicStatuses(status)).toContain(derived[status]);
  });
});

describe("the word the page shows: the lifecycle's, or a published one further along that it allows", () => {
  it.each<[IncidentStatus, PublicStatus | null, PublicStatus]>([
    ['ACKNOWLEDGED', null, 'INVESTIGATING'],
    ['ACKNOWLEDGED', 'IDENTIFIED', 'IDENTIFIED'],
    ['IDENTIFIED', null, 'IDENTIFIED'],
    // The lifecycle moved past what was published: its word.
    ['IDENTIFIED', 'INVESTIGATING', 'IDENTIFIED'],
    ['MITIGATED', 'IDENTIFIED', 'MONITORING'],
    ['MITIGATED', 'MONITORING', 'MONITORING'],
    // Wrong root cause (IDENTIFIED → INVESTIGATING): customers were told Identified and nothing since.
    ['INVESTIGATING', 'IDENTIFIED', 'IDENTIFIED'],
    // Mitigation did not hold: "Monitoring" no longer fits.
    ['INVESTIGATING', 'MONITORING', 'INVESTIGATING'],
    // Resolved without a Resolved update: the page says Resolved; reopened after one: no longer Resolved.
    ['RESOLVED', 'IDENTIFIED', 'RESOLVED'],
    ['INVESTIGATING', 'RESOLVED', 'INVESTIGATING'],
  ])('%s, last published %s → %s', (status, published, shown) => {
    expect(shownPublicStatus(status, published)).toBe(shown);
  });
});
