import { markdownText } from './markdown';
import { formatDuration } from './time';

/**
 * The post-mortem's facts: what the incident's timeline says happened, drawn again from the whole timeline on every
 * change until the post-mortem is published (then they are a record). The author's sections are separate and never
 * derived, so regenerating the facts can never overwrite what a person wrote.
 */

/** A timeline line as the facts read it (a subset of the server's TimelineEvent). */
export interface FactSourceEvent {
  type: string;
  message: string;
  at: Date;
  actorName?: string | null;
  data?: Record<string, unknown> | null;
}

/** A deployment the change-awareness window flagged suspect (landed shortly before detection). */
export interface FactDeployment {
  version: string;
  service: string | null;
  deployedAt: Date;
}

export interface FactPage {
  at: string;
  level: number;
  levelName: string | null;
  /** Why the level fired: START, TIMEOUT, IMMEDIATE, MANUAL, … */
  reason: string | null;
  paged: string[];
}
export interface FactAcknowledgement {
  at: string;
  by: string;
  /** ACKNOWLEDGED (the incident or its page) or PAGE_ACCEPTED ("I've got it"). */
  how: string;
}
export interface FactReopening {
  at: string;
  by: string;
  reason: string | null;
}
export interface FactRunbookRun {
  runId: string | null;
  action: string;
  service: string | null;
  startedAt: string;
  by: string;
  finishedAt: string | null;
  /** RUNNING until its RUNBOOK_FINISHED line, then SUCCEEDED or FAILED. */
  outcome: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
}
export interface FactStatusUpdate {
  at: string;
  by: string;
  publicStatus: string | null;
  text: string;
}
export interface FactSuspectDeployment {
  version: string;
  service: string | null;
  deployedAt: string | null;
  /** Whether Vigil recommended rolling it back (a rollback rule matched). */
  rollbackRecommended: boolean;
}
export interface FactOverride {
  at: string;
  by: string;
  /** RESOLVED_UNVERIFIED (resolved without the verification checklist) or ROLLBACK_DISMISSED. */
  kind: 'RESOLVED_UNVERIFIED' | 'ROLLBACK_DISMISSED';
  reason: string;
}

export interface PostmortemFacts {
  /** When these facts were drawn (the `now` given). */
  generatedAt: string;
  detectedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  mitigatedAt: string | null;
  firstResolvedAt: string | null;
  /** The last resolution; null while the incident is open again after a reopen. */
  resolvedAt: string | null;
  /** Detection to the last resolution; while open, detection to `now` (and `ongoing`). */
  durationMs: number | null;
  ongoing: boolean;
  timeToAcknowledgeMs: number | null;
  reopenings: FactReopening[];
  pages: FactPage[];
  acknowledgements: FactAcknowledgement[];
  runbookRuns: FactRunbookRun[];
  statusUpdates: FactStatusUpdate[];
  suspectDeployments: FactSuspectDeployment[];
  overrides: FactOverride[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * Draws the facts from the incident's timeline (any order; written order breaks ties at the same instant) as of
 * `now`. `detectedAt` is the incident's detection (earlier than DECLARED for a report declared late); `deployments`
 * are the suspects of the change window.
 */
export function postmortemFacts(input: {
  events: readonly FactSourceEvent[];
  now: Date;
  detectedAt?: Date | null;
  deployments?: readonly FactDeployment[];
}): PostmortemFacts {
  const events = input.events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map((x) => x.e);
  const by = (e: FactSourceEvent) => e.actorName ?? 'unknown';
  const declared = events.find((e) => e.type === 'DECLARED');
  const detected = input.detectedAt ?? declared?.at ?? null;

  const acknowledgements: FactAcknowledgement[] = events
    .filter((e) => e.type === 'ACKNOWLEDGED' || e.type === 'PAGE_ACCEPTED')
    .map((e) => ({ at: e.at.toISOString(), by: by(e), how: e.type }));
  const firstAck = acknowledgements[0] ?? null;

  // The lifecycle's mitigation, as the incident's own mitigatedAt first recorded it.
  const mitigation = events.find((e) => e.type === 'STATUS_CHANGED' && e.data?.to === 'MITIGATED');

  // The lifecycle's last word decides whether the incident is resolved now.
  const ends = events.filter((e) => e.type === 'RESOLVED' || e.type === 'REOPENED');
  const resolutions = ends.filter((e) => e.type === 'RESOLVED');
  const last = ends.at(-1);
  const resolved = last?.type === 'RESOLVED' ? last.at : null;
  const until = resolved ?? (detected ? input.now : null);
  const durationMs = detected && until ? Math.max(0, until.getTime() - detected.getTime()) : null;

  const reopenings = events
    .filter((e) => e.type === 'REOPENED')
    .map((e) => ({ at: e.at.toISOString(), by: by(e), reason: str(e.data?.reason) ?? str(e.data?.note) }));

  const pages = events
    .filter((e) => e.type === 'ESCALATED')
    .map((e) => ({
      at: e.at.toISOString(),
      level: num(e.data?.level) ?? 0,
      levelName: str(e.data?.levelName),
      reason: str(e.data?.reason),
      paged: Array.isArray(e.data?.paged)
        ? (e.data.paged as unknown[]).flatMap((p) => {
            const name = p && typeof p === 'object' ? str((p as Record<string, unknown>).name) : null;
            return name ? [name] : [];
          })
        : [],
    }));

  const runs = new Map<string, FactRunbookRun>();
  const runbookRuns: FactRunbookRun[] = [];
  for (const e of events) {
    const runId = str(e.data?.runId);
    if (e.type === 'RUNBOOK_STARTED' && e.data?.dryRun !== true) {
      const run: FactRunbookRun = {
        runId,
        action: str(e.data?.action) ?? 'runbook',
        service: str(e.data?.service),
        startedAt: e.at.toISOString(),
        by: by(e),
        finishedAt: null,
        outcome: 'RUNNING',
      };
      runbookRuns.push(run);
      if (runId) runs.set(runId, run);
    } else if (e.type === 'RUNBOOK_FINISHED' && runId) {
      const run = runs.get(runId);
      if (run) Object.assign(run, { finishedAt: e.at.toISOString(), outcome: e.data?.ok ? 'SUCCEEDED' : 'FAILED' });
    }
  }

  const statusUpdates = events
    .filter((e) => e.type === 'STATUS_UPDATE')
    .map((e) => ({
      at: e.at.toISOString(),
      by: by(e),
      publicStatus: str(e.data?.publicStatus),
      text: str(e.data?.internalMessage) ?? str(e.data?.publicMessage) ?? e.message,
    }));

  const suspects = new Map<string, FactSuspectDeployment>();
  for (const d of input.deployments ?? [])
    suspects.set(d.version, {
      version: d.version,
      service: d.service,
      deployedAt: d.deployedAt.toISOString(),
      rollbackRecommended: false,
    });
  for (const e of events.filter((x) => x.type === 'ROLLBACK_RECOMMENDED')) {
    const version = str(e.data?.version);
    if (!version) continue;
    const known = suspects.get(version);
    if (known) known.rollbackRecommended = true;
    else suspects.set(version, { version, service: null, deployedAt: null, rollbackRecommended: true });
  }

  const overrides: FactOverride[] = events.flatMap((e): FactOverride[] => {
    if (e.type === 'RESOLVED') {
      const v = e.data?.verification as Record<string, unknown> | undefined;
      const reason = str(v?.overrideReason);
      return reason ? [{ at: e.at.toISOString(), by: by(e), kind: 'RESOLVED_UNVERIFIED', reason }] : [];
    }
    if (e.type === 'ROLLBACK_DISMISSED') {
      const reason = str(e.data?.reason);
      return reason ? [{ at: e.at.toISOString(), by: by(e), kind: 'ROLLBACK_DISMISSED', reason }] : [];
    }
    return [];
  });

  return {
    generatedAt: input.now.toISOString(),
    detectedAt: iso(detected),
    acknowledgedAt: firstAck?.at ?? null,
    acknowledgedBy: firstAck?.by ?? null,
    mitigatedAt: iso(mitigation?.at ?? null),
    firstResolvedAt: iso(resolutions[0]?.at ?? null),
    resolvedAt: iso(resolved),
    durationMs,
    ongoing: detected !== null && resolved === null,
    timeToAcknowledgeMs: firstAck && detected ? Math.max(0, Date.parse(firstAck.at) - detected.getTime()) : null,
    reopenings,
    pages,
    acknowledgements,
    runbookRuns,
    statusUpdates,
    suspectDeployments: [...suspects.values()],
    overrides,
  };
}

/** The facts as Markdown lines (a `## Facts from the timeline` section), every drawn text escaped. */
export function factsMarkdown(f: PostmortemFacts): string[] {
  const t = (s: string | null) => s ?? 'not yet';
  const list = <T>(label: string, items: readonly T[], line: (x: T) => string) =>
    items.length ? [`- **${label}**:`, ...items.map((x) => `  - ${line(x)}`)] : [`- **${label}**: None`];
  return [
    `_Drawn from the incident's timeline at ${f.generatedAt}._`,
    '',
    `- **Detected**: ${t(f.detectedAt)}`,
    `- **Acknowledged**: ${f.acknowledgedAt ? `${f.acknowledgedAt} by ${markdownText(f.acknowledgedBy ?? '')}` : 'not yet'}`,
    `- **Mitigated**: ${t(f.mitigatedAt)}`,
    `- **Resolved**: ${f.resolvedAt ?? (f.firstResolvedAt ? 'open again (reopened)' : 'not yet')}`,
    `- **Duration**: ${f.durationMs === null ? 'Unknown' : `${formatDuration(f.durationMs)}${f.ongoing ? ' (ongoing)' : ''}`}`,
    `- **Time to acknowledge**: ${f.timeToAcknowledgeMs === null ? 'Unknown' : formatDuration(f.timeToAcknowledgeMs)}`,
    ...list('Reopened', f.reopenings, (r) => `${r.at} by ${markdownText(r.by)}: ${markdownText(r.reason ?? '')}`),
    ...list(
      'Pages',
      f.pages,
      (p) =>
        `${p.at} level ${p.level}${p.levelName ? ` (${markdownText(p.levelName)})` : ''}: ${p.paged.length ? p.paged.map(markdownText).join(', ') : 'nobody to page'}`,
    ),
    ...list('Acknowledged by', f.acknowledgements, (a) => `${a.at} ${markdownText(a.by)} (${a.how})`),
    ...list(
      'Runbook runs',
      f.runbookRuns,
      (r) =>
        `${r.startedAt} ${markdownText(r.action)}${r.service ? ` for ${markdownText(r.service)}` : ''} by ${markdownText(r.by)}: ${r.outcome}${r.finishedAt ? ` at ${r.finishedAt}` : ''}`,
    ),
    ...list(
      'Status updates',
      f.statusUpdates,
      (s) => `${s.at} ${s.publicStatus ?? ''} by ${markdownText(s.by)}: ${markdownText(s.text)}`,
    ),
    ...list(
      'Suspect deployments',
      f.suspectDeployments,
      (d) =>
        `${markdownText(d.version)}${d.service ? ` of ${markdownText(d.service)}` : ''}${d.deployedAt ? ` at ${d.deployedAt}` : ''}${d.rollbackRecommended ? ' (rollback recommended)' : ''}`,
    ),
    ...list('Overrides', f.overrides, (o) => `${o.at} ${o.kind} by ${markdownText(o.by)}: ${markdownText(o.reason)}`),
  ];
}
