import { FactSourceEvent, factsMarkdown, postmortemFacts } from './postmortem-facts';

const T0 = Date.parse('2026-05-01T10:00:00.000Z');
/** A line `s` seconds after 10:00. */
const ev = (s: number, type: string, actorName: string, data: Record<string, unknown> = {}): FactSourceEvent => ({
  type,
  message: type,
  at: new Date(T0 + s * 1000),
  actorName,
  data,
});
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

/** The walk: paged, acknowledged, runbook, resolved, reopened, the manager and CTO paged, resolved again. */
const walk: FactSourceEvent[] = [
  ev(0, 'DECLARED', 'Alertmanager'),
  ev(0, 'ESCALATED', 'Vigil', { level: 1, levelName: 'On call', reason: 'START', paged: [{ userId: 1, name: 'Ana' }] }),
  ev(45, 'ACKNOWLEDGED', 'Ana', { from: 'TRIGGERED', to: 'ACKNOWLEDGED' }),
  ev(60, 'STATUS_UPDATE', 'Ana', { publicStatus: 'INVESTIGATING', internalMessage: 'Looking at the DB' }),
  ev(90, 'RUNBOOK_STARTED', 'Ana', { runId: 'r1', action: 'restart', service: 'db', dryRun: false }),
  ev(95, 'RUNBOOK_STARTED', 'Ana', { runId: 'r0', action: 'rollback', service: 'db', dryRun: true }),
  ev(120, 'RUNBOOK_FINISHED', 'Ana', { runId: 'r1', action: 'restart', ok: true }),
  ev(150, 'STATUS_CHANGED', 'Ana', { from: 'ACKNOWLEDGED', to: 'MITIGATED' }),
  ev(247, 'RESOLVED', 'Ana', { verification: { verified: true, overrideReason: null } }),
  ev(300, 'REOPENED', 'Ben', { from: 'RESOLVED', to: 'INVESTIGATING', reason: 'errors are back' }),
  ev(301, 'ESCALATED', 'Vigil', {
    level: 2,
    levelName: 'Management',
    reason: 'TIMEOUT',
    paged: [
      { userId: 3, name: 'Eve (EM)' },
      { userId: 4, name: 'Carl (CTO)' },
    ],
  }),
  ev(330, 'PAGE_ACCEPTED', 'Eve (EM)', { userId: 3 }),
  ev(340, 'ROLLBACK_RECOMMENDED', 'Vigil', { version: 'v42', deploymentId: 7 }),
  ev(350, 'ROLLBACK_DISMISSED', 'Eve (EM)', { version: 'v42', reason: 'v42 only touched the docs' }),
  ev(392, 'RESOLVED', 'Eve (EM)', { verification: { verified: false, overrideReason: 'verified by hand in prod' } }),
];

describe('post-mortem facts from the timeline', () => {
  const now = new Date(T0 + 3_600_000);

  it('after a reopen and a second resolution: duration to the last resolution, both pages, the reopen, one real run', () => {
    const f = postmortemFacts({ events: walk, now });
    expect(f).toMatchObject({
      generatedAt: now.toISOString(),
      detectedAt: at(0),
      acknowledgedAt: at(45),
      acknowledgedBy: 'Ana',
      mitigatedAt: at(150),
      firstResolvedAt: at(247),
      resolvedAt: at(392),
      durationMs: 392_000, // 6m 32s, not the 4m 07s of the first resolution
      ongoing: false,
      timeToAcknowledgeMs: 45_000,
      reopenings: [{ at: at(300), by: 'Ben', reason: 'errors are back' }],
    });
    expect(f.pages.map((p) => [p.level, p.paged])).toEqual([
      [1, ['Ana']],
      [2, ['Eve (EM)', 'Carl (CTO)']],
    ]);
    expect(f.acknowledgements).toEqual([
      { at: at(45), by: 'Ana', how: 'ACKNOWLEDGED' },
      { at: at(330), by: 'Eve (EM)', how: 'PAGE_ACCEPTED' },
    ]);
    // The dry run changed nothing, so it is no run.
    expect(f.runbookRuns).toEqual([
      {
        runId: 'r1',
        action: 'restart',
        service: 'db',
        startedAt: at(90),
        by: 'Ana',
        finishedAt: at(120),
        outcome: 'SUCCEEDED',
      },
    ]);
    expect(f.statusUpdates).toEqual([
      { at: at(60), by: 'Ana', publicStatus: 'INVESTIGATING', text: 'Looking at the DB' },
    ]);
    expect(f.suspectDeployments).toEqual([
      { version: 'v42', service: null, deployedAt: null, rollbackRecommended: true },
    ]);
    expect(f.overrides).toEqual([
      { at: at(350), by: 'Eve (EM)', kind: 'ROLLBACK_DISMISSED', reason: 'v42 only touched the docs' },
      { at: at(392), by: 'Eve (EM)', kind: 'RESOLVED_UNVERIFIED', reason: 'verified by hand in prod' },
    ]);
  });

  it.each([
    // [lines of the walk taken, now (s), resolvedAt, durationMs, ongoing]
    ['before the first resolution', 8, 200, null, 200_000, true],
    ['at the first resolution', 9, 247, at(247), 247_000, false],
    ['reopened, not yet resolved again', 10, 360, null, 360_000, true],
    ["open again from the reopen's own millisecond", 10, 300, null, 300_000, true],
    ['resolved again', walk.length, 999, at(392), 392_000, false],
  ] as const)('%s', (_name, n, nowS, resolvedAt, durationMs, ongoing) => {
    const f = postmortemFacts({ events: walk.slice(0, n), now: new Date(T0 + nowS * 1000) });
    expect({ resolvedAt: f.resolvedAt, durationMs: f.durationMs, ongoing: f.ongoing }).toEqual({
      resolvedAt,
      durationMs,
      ongoing,
    });
  });

  it('a report declared late counts from the detection; lines out of order are read in time order', () => {
    const f = postmortemFacts({
      events: [...walk.slice(0, 9)].reverse(),
      now,
      detectedAt: new Date(T0 - 20 * 60_000),
    });
    expect(f.detectedAt).toBe(new Date(T0 - 20 * 60_000).toISOString());
    expect(f.durationMs).toBe(20 * 60_000 + 247_000);
    expect(f.timeToAcknowledgeMs).toBe(20 * 60_000 + 45_000);
    expect(f.acknowledgedBy).toBe('Ana');
  });

  it('a run still going, a failed run, and suspect deployments from the change window', () => {
    const f = postmortemFacts({
      events: [
        ev(0, 'DECLARED', 'Ana'),
        ev(10, 'RUNBOOK_STARTED', 'Ana', { runId: 'a', action: 'rollback', service: 'api' }),
        ev(20, 'RUNBOOK_FINISHED', 'Ana', { runId: 'a', ok: false }),
        ev(30, 'RUNBOOK_STARTED', 'Ana', { runId: 'b', action: 'restart', service: 'api' }),
        ev(40, 'ROLLBACK_RECOMMENDED', 'Vigil', { version: 'v9' }),
      ],
      now,
      deployments: [{ version: 'v9', service: 'api', deployedAt: new Date(T0 - 60_000) }],
    });
    expect(f.runbookRuns.map((r) => [r.runId, r.outcome, r.finishedAt])).toEqual([
      ['a', 'FAILED', at(20)],
      ['b', 'RUNNING', null],
    ]);
    expect(f.suspectDeployments).toEqual([
      { version: 'v9', service: 'api', deployedAt: new Date(T0 - 60_000).toISOString(), rollbackRecommended: true },
    ]);
    expect(f.acknowledgedAt).toBeNull();
    expect(f.timeToAcknowledgeMs).toBeNull();
  });

  it('no timeline: nothing known', () => {
    const f = postmortemFacts({ events: [], now });
    expect(f).toMatchObject({ detectedAt: null, durationMs: null, ongoing: false, pages: [], reopenings: [] });
  });

  it('the Markdown lines escape what people wrote', () => {
    const f = postmortemFacts({ events: walk, now });
    const md = factsMarkdown(f).join('\n');
    expect(md).toContain('- **Duration**: 6m 32s');
    expect(md).toContain(`  - ${at(300)} by Ben: errors are back`);
    expect(md).toContain('level 2 (Management): Eve (EM), Carl (CTO)');
    expect(md).toContain('restart for db by Ana: SUCCEEDED');
    expect(md).toContain('RESOLVED_UNVERIFIED by Eve (EM): verified by hand in prod');
    const hostile = postmortemFacts({
      events: [ev(0, 'DECLARED', 'x'), ev(5, 'REOPENED', '# boss', { reason: '<b>' })],
      now,
    });
    expect(factsMarkdown(hostile).join('\n')).toContain('by \\# boss: &lt;b&gt;');
  });
});
