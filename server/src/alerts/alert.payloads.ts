import crypto from 'node:crypto';
import { severityWordFromLabels, validationError } from '@vigil/shared';

/** One thing a sender said about one alert, whatever protocol it spoke. */
export interface AlertEvent {
  action: 'trigger' | 'acknowledge' | 'resolve';
  dedupKey: string;
  /** Required for a trigger; used as the incident title. */
  summary: string;
  source: string | null;
  severityWord: string | null;
  /** String labels, for the P0–P3 override and severity words. */
  labels: Record<string, string>;
  details: Record<string, unknown> | null;
  groupKey: string | null;
}

const MAX_ALERTS_PER_REQUEST = 1000;
const PD_SEVERITIES = ['critical', 'error', 'warning', 'info'];
const PD_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: unknown, field: string): Json {
  if (!isObject(v)) throw validationError(field, `${field} must be a JSON object.`);
  return v;
}

function text(v: unknown, field: string, max: number, required: boolean): string | null {
  if (v === undefined || v === null) {
    if (required) throw validationError(field, `${field} is missing.`);
    return null;
  }
  if (typeof v !== 'string') throw validationError(field, `${field} must be a string.`);
  const t = v.trim();
  if (!t && required) throw validationError(field, `${field} must not be blank.`);
  if (t.length > max) throw validationError(field, `${field} must be at most ${max} characters.`);
  return t || null;
}

function stringLabels(v: unknown, field: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  const o = object(v, field);
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(o)) {
    if (typeof value !== 'string') throw validationError(`${field}.${k}`, `${field}.${k} must be a string.`);
    out[k] = value;
  }
  return out;
}

/** The string values of a free-form object: PagerDuty custom_details may carry the override labels. */
function stringsOf(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** Longest stored details, as JSON: a TEXT column on MariaDB holds 64 KB, and the timeline needs no more. */
const MAX_DETAILS_CHARS = 16_000;

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** Keeps details storable: an oversized blob is kept as a clipped preview rather than failing the insert. */
function capDetails(details: Json): Json {
  const json = JSON.stringify(details);
  return json.length <= MAX_DETAILS_CHARS
    ? details
    : { truncated: true, preview: json.slice(0, MAX_DETAILS_CHARS - 100) };
}

/** The routing key, checked for shape only; whether it is valid is the caller's question (401, not 400). */
export function pagerDutyRoutingKey(body: unknown): string {
  return text(object(body, 'body').routing_key, 'routing_key', 200, true)!;
}

/** PagerDuty Events API v2: one event. A trigger without a dedup key gets a fresh one, as PagerDuty does. */
export function parsePagerDutyEvent(body: unknown): AlertEvent {
  const b = object(body, 'body');
  const action = b.event_action;
  if (typeof action !== 'string' || !(PD_ACTIONS as readonly string[]).includes(action)) {
    throw validationError('event_action', 'event_action must be one of trigger, acknowledge, resolve.');
  }
  const given = text(b.dedup_key, 'dedup_key', 255, action !== 'trigger');
  if (action !== 'trigger') {
    return {
      action: action as AlertEvent['action'],
      dedupKey: given!,
      summary: '',
      source: null,
      severityWord: null,
      labels: {},
      details: null,
      groupKey: null,
    };
  }
  const payload = object(b.payload, 'payload');
  const summary = text(payload.summary, 'payload.summary', 1024, true)!;
  const source = text(payload.source, 'payload.source', 255, true);
  const severity = text(payload.severity, 'payload.severity', 40, true)!;
  if (!PD_SEVERITIES.includes(severity))
    throw validationError('payload.severity', 'payload.severity must be one of critical, error, warning, info.');
  for (const f of ['component', 'group', 'class'] as const) text(payload[f], `payload.${f}`, 255, false);
  const customDetails = payload.custom_details;
  const details: Json = {
    ...(customDetails === undefined ? {} : { custom_details: customDetails }),
    ...Object.fromEntries(
      (['component', 'group', 'class', 'timestamp'] as const)
        .filter((f) => payload[f] !== undefined)
        .map((f) => [f, payload[f]]),
    ),
    ...(b.client ? { client: b.client, client_url: b.client_url } : {}),
  };
  return {
    action: 'trigger',
    dedupKey: given ?? crypto.randomUUID(),
    summary,
    source,
    severityWord: severity,
    labels: stringsOf(customDetails),
    details: capDetails(details),
    groupKey: null,
  };
}

/** A dedup key from labels when an old Alertmanager sends no fingerprint: same label set, same key. */
function labelsFingerprint(labels: Record<string, string>): string {
  const canonical = JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );
  return crypto.createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/**
 * Where an Alertmanager/Grafana alert comes from: the scraped instance, else the job, else the host of the rule
 * that fired (generatorURL, e.g. prometheus:9090): an alert on a recording rule often has no instance or job.
 */
function alertGroupSource(labels: Record<string, string>, generatorURL: unknown): string | null {
  const named = labels.instance || labels.job;
  if (named) return clip(named, 255);
  if (typeof generatorURL !== 'string') return null;
  try {
    return clip(new URL(generatorURL).host, 255) || null;
  } catch {
    return null;
  }
}

/**
 * Alertmanager (webhook version 4) and Grafana (same shape plus extras): a group of alerts, each firing or
 * resolved, each identified by its fingerprint.
 */
export function parseAlertGroup(body: unknown, requireVersion: string | null): AlertEvent[] {
  const b = object(body, 'body');
  if (requireVersion !== null && b.version !== requireVersion)
    throw validationError('version', `version must be "${requireVersion}".`);
  const groupKey = text(b.groupKey, 'groupKey', 100_000, false);
  if (!Array.isArray(b.alerts)) throw validationError('alerts', 'alerts must be an array.');
  if (b.alerts.length > MAX_ALERTS_PER_REQUEST)
    throw validationError('alerts', `alerts may hold at most ${MAX_ALERTS_PER_REQUEST} alerts.`);
  const common = stringLabels(b.commonLabels, 'commonLabels');
  return b.alerts.map((raw, i) => {
    const field = `alerts[${i}]`;
    const a = object(raw, field);
    const status = a.status;
    if (status !== 'firing' && status !== 'resolved')
      throw validationError(`${field}.status`, `${field}.status must be firing or resolved.`);
    const labels = { ...common, ...stringLabels(a.labels, `${field}.labels`) };
    const annotations = stringLabels(a.annotations, `${field}.annotations`);
    const fingerprint = text(a.fingerprint, `${field}.fingerprint`, 255, false) ?? labelsFingerprint(labels);
    const summary = annotations.summary || annotations.description || labels.alertname || 'Alert';
    return {
      action: status === 'firing' ? 'trigger' : 'resolve',
      dedupKey: fingerprint,
      summary: clip(
        labels.alertname && summary !== labels.alertname ? `${labels.alertname}: ${summary}` : summary,
        1024,
      ),
      source: alertGroupSource(labels, a.generatorURL),
      severityWord: severityWordFromLabels(labels),
      labels,
      details: capDetails({
        labels,
        annotations,
        ...Object.fromEntries(
          ['startsAt', 'endsAt', 'generatorURL', 'dashboardURL', 'panelURL', 'silenceURL', 'valueString']
            .filter((k) => typeof a[k] === 'string')
            .map((k) => [k, a[k]]),
        ),
      }),
      // The group key can be long (it embeds the route's matchers); its hash identifies the group just as well.
      groupKey: groupKey ? crypto.createHash('sha256').update(groupKey).digest('hex') : null,
    } satisfies AlertEvent;
  });
}

const GENERIC_ACTIONS: Record<string, AlertEvent['action']> = {
  trigger: 'trigger',
  firing: 'trigger',
  acknowledge: 'acknowledge',
  ack: 'acknowledge',
  acknowledged: 'acknowledge',
  resolve: 'resolve',
  resolved: 'resolve',
};

/**
 * The generic webhook's fields, each with the spellings senders use for it (the first is the documented one).
 * Anything else is refused with 400 naming it: a misspelt "action" must never silently become a trigger.
 */
const GENERIC_FIELDS = {
  status: ['status', 'action', 'event_action'],
  dedup_key: ['dedup_key', 'dedupKey'],
  summary: ['summary', 'title'],
  source: ['source'],
  severity: ['severity'],
  labels: ['labels'],
  details: ['details'],
} as const;
const GENERIC_SPELLINGS = new Set<string>(Object.values(GENERIC_FIELDS).flat());

/** The one value a field was given under any of its spellings; 400 when two spellings disagree. */
function genericField(b: Json, field: keyof typeof GENERIC_FIELDS): unknown {
  const given = GENERIC_FIELDS[field].filter((name) => b[name] !== undefined);
  const distinct = new Set(given.map((name) => JSON.stringify(b[name])));
  if (distinct.size > 1)
    throw validationError(given[1], `${given.join(' and ')} say different things; send one of them.`);
  return given.length ? b[given[0]] : undefined;
}

/** The spelling of a field the caller used, so an error names what they sent (the main one when they sent none). */
function spelling(b: Json, field: keyof typeof GENERIC_FIELDS): string {
  return GENERIC_FIELDS[field].find((name) => b[name] !== undefined) ?? GENERIC_FIELDS[field][0];
}

/**
 * The generic JSON webhook: `{ summary, dedup_key?, status?: trigger|firing|acknowledge|ack|resolve|resolved,
 * severity?, source?, labels?, details? }`, with `action`/`event_action`, `dedupKey` and `title` accepted as other
 * spellings. Without a dedup key, the same summary and source are the same alert.
 */
export function parseGenericEvent(body: unknown): AlertEvent {
  const b = object(body, 'body');
  const unknown = Object.keys(b).filter((k) => !GENERIC_SPELLINGS.has(k));
  if (unknown.length) {
    throw validationError(
      clip(unknown[0], 100),
      `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown
        .map((k) => `"${clip(k, 50)}"`)
        .slice(0, 5)
        .join(', ')}; this webhook reads ${[...GENERIC_SPELLINGS].join(', ')}.`,
    );
  }
  const rawAction = genericField(b, 'status') ?? 'trigger';
  const action = typeof rawAction === 'string' ? GENERIC_ACTIONS[rawAction.toLowerCase()] : undefined;
  if (!action) {
    const name = spelling(b, 'status');
    throw validationError(name, `${name} must be one of ${Object.keys(GENERIC_ACTIONS).join(', ')}.`);
  }
  const given = text(genericField(b, 'dedup_key'), spelling(b, 'dedup_key'), 255, action !== 'trigger');
  const summary = text(genericField(b, 'summary'), spelling(b, 'summary'), 1024, action === 'trigger') ?? '';
  const source = text(b.source, 'source', 255, false);
  const severityWord = text(b.severity, 'severity', 40, false);
  const labels = stringLabels(b.labels, 'labels');
  if (b.details !== undefined && b.details !== null) object(b.details, 'details');
  const dedupKey =
    given ??
    crypto
      .createHash('sha256')
      .update(`${summary}\n${source ?? ''}`)
      .digest('hex')
      .slice(0, 32);
  return {
    action,
    dedupKey,
    summary,
    source,
    severityWord,
    labels,
    details: capDetails(isObject(b.details) ? { ...b.details, labels } : { labels }),
    groupKey: null,
  };
}
