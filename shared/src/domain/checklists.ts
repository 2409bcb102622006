import { validationError } from './errors';
import { optionalText } from './validation';

/** The procedure's two checklists: what to try to stop the bleeding, and what proves the incident is over. */
export const ChecklistKind = { MITIGATION: 'MITIGATION', RESOLUTION_VERIFICATION: 'RESOLUTION_VERIFICATION' } as const;
export type ChecklistKind = (typeof ChecklistKind)[keyof typeof ChecklistKind];
export const CHECKLIST_KINDS: readonly ChecklistKind[] = ['MITIGATION', 'RESOLUTION_VERIFICATION'];

export interface ChecklistItemDefinition {
  /** Stable key, stored on the timeline. */
  key: string;
  label: string;
}

export interface ChecklistDefinition {
  kind: ChecklistKind;
  title: string;
  items: readonly ChecklistItemDefinition[];
}

/** Procedure §4 "Immediate mitigation" and §5 "Verify resolution", word for word where possible. */
export const CHECKLISTS: Readonly<Record<ChecklistKind, ChecklistDefinition>> = {
  MITIGATION: {
    kind: 'MITIGATION',
    title: 'Immediate mitigation',
    items: [
      { key: 'rollback', label: 'Rollback deployment if needed' },
      { key: 'restart', label: 'Restart services if appropriate' },
      { key: 'scale_up', label: 'Scale up resources if needed' },
      { key: 'maintenance_mode', label: 'Enable maintenance mode if necessary' },
    ],
  },
  RESOLUTION_VERIFICATION: {
    kind: 'RESOLUTION_VERIFICATION',
    title: 'Verify resolution',
    items: [
      { key: 'health_checks', label: 'Health checks passing' },
      { key: 'error_rates', label: 'Error rates normal' },
      { key: 'performance', label: 'Performance metrics normal' },
      { key: 'user_reports', label: 'User reports resolved' },
    ],
  },
};

export const EVIDENCE_MAX = 2_000;

/** What a CHECKLIST timeline event stores in its `data`. */
export interface ChecklistCheck {
  checklist: ChecklistKind;
  item: string;
  done: boolean;
  evidence: string | null;
}

/** Validates a check against the definitions; throws VALIDATION naming `checklist`, `item` or `evidence`. */
export function parseChecklistCheck(input: {
  checklist: unknown;
  item: unknown;
  done: unknown;
  evidence?: unknown;
}): ChecklistCheck {
  if (!CHECKLIST_KINDS.includes(input.checklist as ChecklistKind)) {
    throw validationError('checklist', `checklist must be one of ${CHECKLIST_KINDS.join(', ')}.`);
  }
  const def = CHECKLISTS[input.checklist as ChecklistKind];
  if (typeof input.item !== 'string' || !def.items.some((i) => i.key === input.item)) {
    throw validationError('item', `item must be one of ${def.items.map((i) => i.key).join(', ')} for ${def.kind}.`);
  }
  if (typeof input.done !== 'boolean') throw validationError('done', 'done must be true or false.');
  const evidence = optionalText('evidence', input.evidence, EVIDENCE_MAX);
  return { checklist: def.kind, item: input.item, done: input.done, evidence };
}

/** The timeline line for a check, e.g. "Mitigation: Restart services if appropriate — done (pods recycled)". */
export function checklistMessage(check: ChecklistCheck): string {
  const def = CHECKLISTS[check.checklist];
  const label = def.items.find((i) => i.key === check.item)?.label ?? check.item;
  const state = check.done ? 'done' : 'not done';
  return `${def.title}: ${label} — ${state}${check.evidence ? ` (${check.evidence})` : ''}`;
}

/** A recorded CHECKLIST event, as the state derivation needs it. */
export interface ChecklistEvent {
  type: string;
  at: Date;
  actorName: string;
  data: Record<string, unknown> | null;
}

export interface ChecklistItemState extends ChecklistItemDefinition {
  done: boolean;
  evidence: string | null;
  checkedAt: Date | null;
  checkedBy: string | null;
}

export interface ChecklistState {
  kind: ChecklistKind;
  title: string;
  items: ChecklistItemState[];
  complete: boolean;
}

/** The timeline event types the checklists are derived from. */
export const CHECKLIST_EVENT_TYPES = ['CHECKLIST', 'REOPENED'] as const;

/**
 * Both checklists as the timeline says they stand: the latest CHECKLIST event per item wins (events in timeline
 * order); events naming unknown checklists or items are ignored, so an old timeline survives a renamed item. A
 * REOPENED event unchecks the resolution verification: the incident came back, so what proved it over did not
 * hold, and resolving it again needs checking again (the old checks stay on the timeline).
 */
export function checklistStates(events: readonly ChecklistEvent[]): ChecklistState[] {
  const latest = new Map<string, { check: ChecklistCheck; at: Date; by: string }>();
  for (const e of events) {
    if (e.type === 'REOPENED') {
      for (const key of [...latest.keys()]) if (key.startsWith('RESOLUTION_VERIFICATION/')) latest.delete(key);
      continue;
    }
    if (e.type !== 'CHECKLIST' || !e.data) continue;
    const { checklist, item, done, evidence } = e.data;
    if (!CHECKLIST_KINDS.includes(checklist as ChecklistKind) || typeof item !== 'string' || typeof done !== 'boolean')
      continue;
    const check: ChecklistCheck = {
      checklist: checklist as ChecklistKind,
      item,
      done,
      evidence: typeof evidence === 'string' ? evidence : null,
    };
    latest.set(`${check.checklist}/${item}`, { check, at: e.at, by: e.actorName });
  }
  return CHECKLIST_KINDS.map((kind) => {
    const def = CHECKLISTS[kind];
    const items = def.items.map((i) => {
      const rec = latest.get(`${kind}/${i.key}`);
      return {
        ...i,
        done: rec?.check.done ?? false,
        evidence: rec?.check.evidence ?? null,
        checkedAt: rec?.at ?? null,
        checkedBy: rec?.by ?? null,
      };
    });
    return { kind, title: def.title, items, complete: items.every((i) => i.done) };
  });
}
