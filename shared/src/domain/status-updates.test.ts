import { INCIDENT_STATUSES, IncidentStatus, PublicStatus } from './lifecycle';
import {
  allowedPublicStatuses,
  assertPublicStatusAllowed,
  retractionPublicUpdate,
  shownPublicStatus,
} from './status-updates';

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

describe("the word the page shows: the newest published word while the lifecycle allows it, else the lifecycle's", () => {
  it.each<[IncidentStatus, PublicStatus | null, PublicStatus]>([
    // Nothing published: the lifecycle's word.
    ['TRIGGERED', null, 'INVESTIGATING'],
    ['ACKNOWLEDGED', null, 'INVESTIGATING'],
    ['IDENTIFIED', null, 'IDENTIFIED'],
    ['MITIGATED', null, 'MONITORING'],
    ['RESOLVED', null, 'RESOLVED'],
    ['ACKNOWLEDGED', 'IDENTIFIED', 'IDENTIFIED'],
    // Customers were told less than the lifecycle knows: the page says what they were told, as its newest update does.
    ['IDENTIFIED', 'INVESTIGATING', 'INVESTIGATING'],
    ['MITIGATED', 'INVESTIGATING', 'INVESTIGATING'],
    ['MITIGATED', 'IDENTIFIED', 'IDENTIFIED'],
    ['MITIGATED', 'MONITORING', 'MONITORING'],
    // Wrong root cause (IDENTIFIED → INVESTIGATING): customers were told Identified and nothing since.
    ['INVESTIGATING', 'IDENTIFIED', 'IDENTIFIED'],
    // Mitigation did not hold: "Monitoring" no longer fits.
    ['INVESTIGATING', 'MONITORING', 'INVESTIGATING'],
    ['IDENTIFIED', 'MONITORING', 'IDENTIFIED'],
    ['ACKNOWLEDGED', 'MONITORING', 'INVESTIGATING'],
    // Resolved without a Resolved update: the page says Resolved; reopened after one: no longer Resolved.
    ['RESOLVED', 'IDENTIFIED', 'RESOLVED'],
    ['RESOLVED', 'MONITORING', 'RESOLVED'],
    ['INVESTIGATING', 'RESOLVED', 'INVESTIGATING'],
    ['MITIGATED', 'RESOLVED', 'MONITORING'],
  ])('%s, last published %s → %s', (status, published, shown) => {
    expect(shownPublicStatus(status, published)).toBe(shown);
  });

  it('whatever the page shows, its newest update says the same once Vigil adds the line a lifecycle move calls for', () => {
    for (const status of INCIDENT_STATUSES)
      for (const published of [null, ...WORDS]) {
        const told = retractionPublicUpdate(status, published);
        const newest = told?.publicStatus ?? published;
        if (newest) expect(shownPublicStatus(status, newest)).toBe(newest);
        // Vigil speaks only to take back a word that no longer fits, never when nothing was published.
        expect(told !== null).toBe(!!published && !allowedPublicStatuses(status).includes(published));
      }
  });

  it.each<[IncidentStatus, PublicStatus | null, PublicStatus | null, string | null]>([
    ['INVESTIGATING', 'MONITORING', 'INVESTIGATING', 'The fix did not hold. We are investigating again'],
    ['IDENTIFIED', 'MONITORING', 'IDENTIFIED', 'The fix did not hold. We know the cause'],
    ['MITIGATED', 'IDENTIFIED', null, null],
    ['INVESTIGATING', 'IDENTIFIED', null, null],
    ['MITIGATED', null, null, null],
  ])('moved to %s after %s was published: Vigil posts %s', (status, published, word, message) => {
    const told = retractionPublicUpdate(status, published);
    expect(told?.publicStatus ?? null).toBe(word);
    if (message) expect(told?.message).toMatch(new RegExp(`^${message}`));
  });
});
