import MarkdownIt from 'markdown-it';
import {
  PostmortemDocument,
  assertPostmortemEditable,
  assertPostmortemTransition,
  decidePostmortemAssignment,
  assertPostmortemAssignees,
  assertActionItemOwner,
  mayOwnActionItem,
  postmortemDueAt,
  postmortemMarkdown,
  postmortemOnTime,
  postmortemOverdue,
  postmortemRequired,
  prefillTimeline,
  timelineSince,
  timelineDurationMs,
  validateTimeline,
} from './postmortem';
import { postmortemFacts } from './postmortem-facts';

const t = (iso: string) => new Date(iso);
const resolvedAt = t('2026-05-01T12:00:00Z');
const due = postmortemDueAt(resolvedAt);

describe('post-mortem rules', () => {
  it.each([
    ['P0', true],
    ['P1', true],
    ['P2', false],
    ['P3', false],
  ] as const)('%s requires one: %s', (s, r) => expect(postmortemRequired(s)).toBe(r));
  it.each(['P0', 'P1', 'P2', 'P3'] as const)('%s auto-resolved by monitoring requires none', (s) =>
    expect(postmortemRequired(s, true)).toBe(false),
  );
  it('an optional post-mortem asked for later is due 48 h after the request, never born overdue', () => {
    const asked = new Date(resolvedAt.getTime() + 72 * 3_600_000);
    expect(postmortemDueAt(resolvedAt, asked)).toEqual(new Date(asked.getTime() + 48 * 3_600_000));
    expect(postmortemDueAt(resolvedAt, new Date(resolvedAt.getTime() - 1))).toEqual(due);
  });

  it('is due 48 h after resolution', () => expect(due.toISOString()).toBe('2026-05-03T12:00:00.000Z'));

  it.each([
    ['DRAFT', '2026-05-03T12:00:00.000Z', false],
    ['DRAFT', '2026-05-03T12:00:00.001Z', true],
    ['IN_REVIEW', '2026-05-04T00:00:00Z', true],
    ['PUBLISHED', '2026-06-01T00:00:00Z', false],
  ] as const)('%s at %s overdue: %s', (status, now, overdue) =>
    expect(postmortemOverdue({ status, dueAt: due }, t(now))).toBe(overdue),
  );

  it.each([
    [null, null],
    [t('2026-05-03T12:00:00Z'), true],
    [t('2026-05-03T12:00:00.001Z'), false],
  ])('published at %s on time: %s', (publishedAt, onTime) =>
    expect(postmortemOnTime({ publishedAt, dueAt: due })).toBe(onTime),
  );

  const filled = { whatHappened: 'db failover', whyItHappened: 'disk full' };
  it.each([
    ['DRAFT', 'IN_REVIEW', filled, null],
    ['IN_REVIEW', 'DRAFT', filled, null],
    ['IN_REVIEW', 'PUBLISHED', filled, null],
    ['DRAFT', 'PUBLISHED', filled, ['INVALID_TRANSITION', 'to']],
    ['PUBLISHED', 'DRAFT', filled, ['INVALID_TRANSITION', 'to']],
    ['IN_REVIEW', 'PUBLISHED', { whatHappened: null, whyItHappened: 'x' }, ['VALIDATION', 'whatHappened']],
    ['IN_REVIEW', 'PUBLISHED', { whatHappened: 'x', whyItHappened: null }, ['VALIDATION', 'whyItHappened']],
  ] as const)('%s → %s', (from, to, fields, error) => {
    const run = () => assertPostmortemTransition(from, to, fields);
    if (error) expect(run).toThrow(expect.objectContaining({ code: error[0], field: error[1] }));
    else expect(run).not.toThrow();
  });

  it('only unpublished post-mortems are editable', () => {
    expect(() => assertPostmortemEditable('IN_REVIEW')).not.toThrow();
    expect(() => assertPostmortemEditable('PUBLISHED')).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });
});

describe('timeline pre-fill', () => {
  const events = [
    { type: 'RESOLVED', message: 'Resolved', at: t('2026-05-01T12:00:00Z') },
    { type: 'DECLARED', message: 'Declared P1', at: t('2026-05-01T10:00:00Z') },
    { type: 'ACKNOWLEDGED', message: 'Acknowledged', at: t('2026-05-01T10:05:00Z') },
    { type: 'NOTE', message: 'Looking at db', at: t('2026-05-01T10:10:00Z') },
    {
      type: 'STATUS_CHANGED',
      message: 'Status IDENTIFIED → MITIGATED',
      at: t('2026-05-01T11:00:00Z'),
      data: { to: 'MITIGATED' },
    },
    { type: 'PUBLIC_UPDATE', message: 'We are on it', at: t('2026-05-01T10:20:00Z') },
  ];
  it('maps events to the template headings in time order, skipping public copies', () => {
    const entries = prefillTimeline(events);
    expect(entries.map((e) => [e.at, e.kind])).toEqual([
      ['2026-05-01T10:00:00.000Z', 'DETECTION'],
      ['2026-05-01T10:05:00.000Z', 'ACKNOWLEDGEMENT'],
      ['2026-05-01T10:10:00.000Z', 'INVESTIGATION'],
      ['2026-05-01T11:00:00.000Z', 'MITIGATION'],
      ['2026-05-01T12:00:00.000Z', 'RESOLUTION'],
    ]);
    expect(timelineDurationMs(entries)).toBe(2 * 3_600_000);
    expect(timelineDurationMs(entries.slice(0, 3))).toBeNull();
  });

  it('starts at the detection a late declaration gave, so the duration counts from detection, like the metrics', () => {
    const entries = prefillTimeline(events, t('2026-05-01T09:40:00Z'));
    expect(entries[0]).toEqual({
      at: '2026-05-01T09:40:00.000Z',
      kind: 'DETECTION',
      text: 'Detected (20m 00s before it was declared)',
    });
    expect(entries[1]).toMatchObject({ at: '2026-05-01T10:00:00.000Z', kind: 'DETECTION' });
    expect(timelineDurationMs(entries)).toBe(2 * 3_600_000 + 20 * 60_000);
    // Detected when declared (or within the same second): no second line.
    expect(prefillTimeline(events, t('2026-05-01T10:00:00.400Z'))).toEqual(prefillTimeline(events));
  });

  it('files runbook runs, paging, breaches and "Monitoring" updates under the template headings; dry runs are left out', () => {
    const at = t('2026-05-01T10:30:00Z');
    const kinds = prefillTimeline([
      { type: 'RUNBOOK_STARTED', message: 'Started rollback', at, data: { dryRun: false } },
      { type: 'RUNBOOK_STARTED', message: 'Dry run of rollback', at, data: { dryRun: true } },
      { type: 'RUNBOOK_FINISHED', message: 'rollback completed', at },
      { type: 'STATUS_UPDATE', message: 'Status update (MONITORING)', at, data: { publicStatus: 'MONITORING' } },
      { type: 'STATUS_UPDATE', message: 'Status update (IDENTIFIED)', at, data: { publicStatus: 'IDENTIFIED' } },
      { type: 'ESCALATED', message: 'Escalation level 3: paged Em', at },
      { type: 'SLA_BREACHED', message: 'Acknowledge SLA breached', at },
      { type: 'PAGE_ACCEPTED', message: "I've got it", at },
      { type: 'PUBLIC_UPDATE', message: 'We are on it', at },
    ]).map((e) => `${e.kind}: ${e.text}`);
    expect(kinds).toEqual([
      'MITIGATION: Started rollback',
      'MITIGATION: rollback completed',
      'MITIGATION: Status update (MONITORING)',
      'INVESTIGATION: Status update (IDENTIFIED)',
      'INVESTIGATION: Escalation level 3: paged Em',
      'INVESTIGATION: Acknowledge SLA breached',
      "ACKNOWLEDGEMENT: I've got it",
    ]);
  });

  it("brings a timeline up to date after a reopen: the author's entries kept, what came after added once", () => {
    const first = prefillTimeline(events);
    const edited = first.map((e) => (e.kind === 'INVESTIGATION' ? { ...e, text: 'DB connections exhausted' } : e));
    // As written: oldest first.
    const later = [
      ...[...events].sort((a, b) => a.at.getTime() - b.at.getTime()),
      { type: 'REOPENED', message: 'Reopened: errors back', at: t('2026-05-01T12:30:00Z') },
      { type: 'RESOLVED', message: 'Resolved again', at: t('2026-05-01T13:00:00Z') },
    ];
    const updated = timelineSince(edited, later, t('2026-05-01T12:00:00Z'));
    expect(updated.map((e) => `${e.kind}: ${e.text}`)).toEqual([
      'DETECTION: Declared P1',
      'ACKNOWLEDGEMENT: Acknowledged',
      'INVESTIGATION: DB connections exhausted',
      'MITIGATION: Status IDENTIFIED → MITIGATED',
      'RESOLUTION: Resolved',
      'INVESTIGATION: Reopened: errors back',
      'RESOLUTION: Resolved again',
    ]);
    expect(timelineDurationMs(updated)).toBe(3 * 3_600_000);
    expect(timelineSince(updated, later, t('2026-05-01T12:00:00Z'))).toEqual(updated);
  });

  it('validates edited entries', () => {
    expect(
      validateTimeline([
        { at: t('2026-05-01T11:00:00Z'), kind: 'RESOLUTION', text: ' done ' },
        { at: t('2026-05-01T10:00:00Z'), kind: 'DETECTION', text: 'x' },
      ]).map((e) => e.kind),
    ).toEqual(['DETECTION', 'RESOLUTION']);
    expect(() => validateTimeline([{ at: t('2026-05-01T11:00:00Z'), kind: 'LUNCH', text: 'x' }])).toThrow(
      expect.objectContaining({ field: 'timeline' }),
    );
    expect(() => validateTimeline([{ at: t('2026-05-01T11:00:00Z'), kind: 'DETECTION', text: '  ' }])).toThrow(
      expect.objectContaining({ field: 'timeline' }),
    );
  });
});

describe('Markdown export', () => {
  const doc: PostmortemDocument = {
    title: 'Checkout down',
    severity: 'P1',
    status: 'DRAFT',
    dueAt: due,
    impactSummary: 'Card payments failed',
    timeline: prefillTimeline([
      { type: 'DECLARED', message: 'Declared', at: t('2026-05-01T10:00:00Z') },
      { type: 'RESOLVED', message: 'Resolved', at: t('2026-05-01T11:30:00Z') },
    ]),
    whatHappened: 'The primary database ran out of disk.',
    whyItHappened: null,
    contributingFactors: null,
    usersAffected: 1200,
    usersAffectedPercent: 4.5,
    revenueImpact: null,
    reputationImpact: 'Tweets',
    actionItems: [
      {
        category: 'IMMEDIATE',
        title: 'Add disk alert',
        ownerName: 'Ana',
        dueAt: t('2026-05-04T00:00:00Z'),
        status: 'DONE',
        ticketUrl: 'https://t/1',
      },
      {
        category: 'LONG_TERM',
        title: 'Autoscale storage',
        ownerName: 'Ben',
        dueAt: t('2026-08-01T00:00:00Z'),
        status: 'OPEN',
        ticketUrl: null,
      },
    ],
  };
  it('reads like the template, section by section', () => {
    const md = postmortemMarkdown(doc);
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Post-Mortem: Checkout down',
      '## Incident Summary',
      '## Timeline',
      '## Root Cause',
      '## Impact',
      '## Action Items',
    ]);
    expect(md).toContain('- **Duration**: 1h 30m');
    expect(md).toContain('- **Severity**: P1');
    expect(md).toContain('- 2026-05-01T10:00:00.000Z — **Detection**: Declared');
    expect(md).toContain('- **Why it happened**: _Not written yet._');
    expect(md).toContain('- **Users affected**: 1200 (4.5%)');
    expect(md).toContain('- **Short-term**: None');
    expect(md).toContain('  - [x] Add disk alert (owner: Ana, due 2026-05-04, DONE) — <https://t/1>');
    expect(md).toContain('  - [ ] Autoscale storage (owner: Ben, due 2026-08-01, OPEN)');
    expect(md).not.toContain('- **Resolution**:');
  });

  it('says how the resolution was verified, when that was recorded', () => {
    const md = postmortemMarkdown({
      ...doc,
      resolution: 'Resolved without verification (override: dashboards down); not checked: Error rates normal.',
    });
    expect(md).toContain(
      '- **Resolution**: Resolved without verification (override: dashboards down); not checked: Error rates normal.',
    );
  });

  const INJECTION = 'Disk full.\n## Action items\n- fake\n<script>alert(1)</script>\n> quoted\n1. one';
  const fields = [
    'title',
    'impactSummary',
    'whatHappened',
    'whyItHappened',
    'contributingFactors',
    'revenueImpact',
    'reputationImpact',
  ] as const;
  it.each([
    ...fields.map((field) => [field, { ...doc, [field]: INJECTION }] as const),
    ['timeline text', { ...doc, timeline: doc.timeline.map((e) => ({ ...e, text: INJECTION })) }] as const,
    [
      'action item title and owner name',
      {
        ...doc,
        actionItems: doc.actionItems.map((a) => ({
          ...a,
          title: INJECTION,
          ownerName: `<img src=x onerror=alert(1)>\n## Owner`,
        })),
      },
    ] as const,
  ])('a multi-line %s adds no heading, list item or HTML', (_field, injected) => {
    const tokens = new MarkdownIt({ html: true }).parse(postmortemMarkdown(injected), {});
    const clean = new MarkdownIt({ html: true }).parse(postmortemMarkdown(doc), {});
    const count = (list: typeof tokens, type: string) => list.filter((t) => t.type === type).length;
    const text = (t: (typeof tokens)[number]) => (t.children ?? []).map((c) => c.content).join('');
    expect(tokens.flatMap((t, i) => (t.type === 'heading_open' ? [text(tokens[i + 1])] : []))).toEqual(
      ['Post-Mortem: Checkout down', 'Incident Summary', 'Timeline', 'Root Cause', 'Impact', 'Action Items'].map(
        (h, i) => (i === 0 && _field === 'title' ? `Post-Mortem: ${INJECTION.replace(/\n/g, ' ')}` : h),
      ),
    );
    expect(count(tokens, 'list_item_open')).toBe(count(clean, 'list_item_open'));
    for (const type of ['html_block', 'blockquote_open', 'ordered_list_open', 'fence', 'code_block'])
      expect({ type, n: count(tokens, type) }).toEqual({ type, n: 0 });
    expect(tokens.flatMap((t) => t.children ?? []).filter((t) => t.type === 'html_inline')).toEqual([]);
  });
});

describe('post-mortem owner and reviewers', () => {
  const none = { ownerId: null, reviewerIds: [] as number[] };
  it.each([
    [
      'an owner and reviewers',
      none,
      { ownerId: 1, reviewerIds: [2, 3] },
      { ownerId: 1, reviewerIds: [2, 3], ownerChanged: true },
    ],
    [
      'reviewers left out stay',
      { ownerId: 1, reviewerIds: [2] },
      { ownerId: 4 },
      { ownerId: 4, reviewerIds: [2], ownerChanged: true },
    ],
    [
      'the same owner again is no change',
      { ownerId: 1, reviewerIds: [] },
      { ownerId: 1 },
      { ownerId: 1, reviewerIds: [], ownerChanged: false },
    ],
    [
      'the owner removed',
      { ownerId: 1, reviewerIds: [2] },
      { ownerId: null },
      { ownerId: null, reviewerIds: [2], ownerChanged: true },
    ],
    [
      'ten reviewers',
      none,
      { reviewerIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
      { ownerId: null, reviewerIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], ownerChanged: false },
    ],
  ] as const)('%s', (_name, current, input, expected) =>
    expect(decidePostmortemAssignment(current, input)).toEqual(expected),
  );
  it.each([
    ['someone twice', none, { reviewerIds: [2, 2] }],
    ['eleven reviewers', none, { reviewerIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }],
    ['the owner reviewing', none, { ownerId: 2, reviewerIds: [2] }],
    ['a new owner who already reviews', { ownerId: 1, reviewerIds: [2] }, { ownerId: 2 }],
  ] as const)('refuses %s on reviewerIds', (_name, current, input) => {
    expect(() => decidePostmortemAssignment(current, input)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', field: 'reviewerIds' }),
    );
  });
});

describe('assertPostmortemAssignees: who may own or review a post-mortem', () => {
  const person = (role: 'ADMIN' | 'LEAD' | 'RESPONDER' | 'VIEWER', active = true) => ({
    id: 7,
    name: 'Pat',
    role,
    active,
  });
  it.each([
    ['a responder owner', person('RESPONDER'), []],
    ['a lead owner and a viewer reviewer', person('LEAD'), [person('VIEWER')]],
    ['nobody', null, []],
  ] as const)('accepts %s', (_name, owner, reviewers) => {
    expect(() => assertPostmortemAssignees(owner, reviewers)).not.toThrow();
  });
  it.each([
    ['a viewer owner', person('VIEWER'), [], 'ownerId'],
    ['an inactive owner', person('RESPONDER', false), [], 'ownerId'],
    ['an inactive reviewer', person('RESPONDER'), [person('LEAD', false)], 'reviewerIds'],
  ] as const)('refuses %s', (_name, owner, reviewers, field) => {
    expect(() => assertPostmortemAssignees(owner, reviewers)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', field }),
    );
  });
});

describe('the Markdown with facts, owner, reviewers and reasons', () => {
  const facts = postmortemFacts({
    events: [
      { type: 'DECLARED', message: 'Declared', at: t('2026-05-01T10:00:00Z'), actorName: 'Ana' },
      { type: 'RESOLVED', message: 'Resolved', at: t('2026-05-01T10:04:07Z'), actorName: 'Ana' },
      {
        type: 'REOPENED',
        message: 'Reopened',
        at: t('2026-05-01T10:05:00Z'),
        actorName: 'Ben',
        data: { reason: 'back' },
      },
      { type: 'RESOLVED', message: 'Resolved', at: t('2026-05-01T10:06:32Z'), actorName: 'Ben' },
    ],
    now: t('2026-05-01T12:00:00Z'),
  });
  const base: PostmortemDocument = {
    title: 'Checkout down',
    severity: 'P1',
    status: 'DRAFT',
    dueAt: due,
    impactSummary: null,
    // The author's timeline still ends at the first resolution: the facts' duration wins.
    timeline: [
      { at: '2026-05-01T10:00:00.000Z', kind: 'DETECTION', text: 'Alert' },
      { at: '2026-05-01T10:04:07.000Z', kind: 'RESOLUTION', text: 'Resolved' },
    ],
    whatHappened: null,
    whyItHappened: null,
    contributingFactors: null,
    usersAffected: null,
    usersAffectedPercent: null,
    revenueImpact: null,
    reputationImpact: null,
    facts,
    ownerName: 'Lee',
    reviewerNames: ['Em', 'Cy'],
    actionItems: [
      {
        category: 'LONG_TERM',
        title: 'Shard',
        ownerName: 'Ana',
        dueAt: t('2026-08-01T00:00:00Z'),
        status: 'WONT_DO',
        ticketUrl: null,
        wontDoReason: 'replaced *soon*',
      },
    ],
  };
  it('carries the facts duration, the reopen, the owner, the reviewers and the escaped reason', () => {
    const md = postmortemMarkdown(base);
    expect(md).toContain('- **Duration**: 6m 32s\n');
    expect(md).toContain('- **Owner**: Lee\n- **Reviewers**: Em, Cy\n');
    expect(md).toContain('  - 2026-05-01T10:05:00.000Z by Ben: back');
    expect(md).toContain("(owner: Ana, due 2026-08-01, WONT_DO) — won't do: replaced \\*soon\\*");
  });
  it('no owner yet; without facts the edited timeline gives the duration', () => {
    const md = postmortemMarkdown({ ...base, facts: null, ownerName: null, reviewerNames: [] });
    expect(md).toContain('- **Owner**: Not assigned\n- **Reviewers**: None\n');
    expect(md).toContain('- **Duration**: 4m 07s\n');
    expect(md).not.toContain('Facts from the Timeline');
  });
});

describe('who may own an action item', () => {
  const person = (role: 'ADMIN' | 'LEAD' | 'RESPONDER' | 'VIEWER', active = true) => ({ name: 'Pat', role, active });
  it.each([
    ['ADMIN', true, true],
    ['LEAD', true, true],
    ['RESPONDER', true, true],
    ['VIEWER', true, false],
    ['RESPONDER', false, false],
    ['ADMIN', false, false],
  ] as const)('a %s (active: %s) may own one: %s', (role, active, may) => {
    expect(mayOwnActionItem(person(role, active))).toBe(may);
    if (may) expect(() => assertActionItemOwner(person(role, active))).not.toThrow();
  });
  it.each([
    [
      person('VIEWER'),
      'ownerId: Pat is a VIEWER and cannot move an action item; the owner needs the RESPONDER role or above.',
    ],
    [person('RESPONDER', false), 'ownerId: Pat is not an active user.'],
  ])('refuses %j with a VALIDATION error naming ownerId', (owner, message) => {
    expect(() => assertActionItemOwner(owner)).toThrow(
      expect.objectContaining({ code: 'VALIDATION', field: 'ownerId', message }),
    );
  });
});
