import { SEVERITIES, Severity, validationError } from '@vigil/shared';

/** The formats history can be imported from. */
export const HistoryFormat = { PAGERDUTY_CSV: 'PAGERDUTY_CSV', JSON: 'JSON' } as const;
export type HistoryFormat = (typeof HistoryFormat)[keyof typeof HistoryFormat];

/** One past incident, normalised from any format. */
export interface HistoryRecord {
  externalId: string;
  title: string;
  severity: Severity;
  detectedAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  services: string[];
}

const HISTORY_LIMITS = {
  contentChars: 200_000,
  records: 10_000,
  externalId: 200,
  title: 200,
  serviceName: 100,
} as const;

/**
 * RFC 4180 CSV: fields separated by commas, optionally quoted; inside quotes a doubled quote is a quote and
 * commas and newlines are data. CRLF or LF line ends; a leading BOM is dropped; blank lines are skipped.
 */
export function parseCsv(input: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let i = 0;
  const endRow = () => {
    row.push(field);
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (field !== '') throw validationError('content', `CSV line ${line}: a quote may only start a field.`);
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      endRow();
      line++;
      i++;
    } else if (c === '\n') {
      endRow();
      line++;
    } else {
      field += c;
    }
    i++;
  }
  if (quoted) throw validationError('content', 'CSV ends inside a quoted field.');
  if (field !== '' || row.length) endRow();
  return rows;
}

function date(value: string | undefined | null, what: string, where: string): Date | null {
  if (value === undefined || value === null || String(value).trim() === '') return null;
  const d = new Date(String(value).trim());
  if (Number.isNaN(d.getTime())) throw validationError('content', `${where}: ${what} "${value}" is not a date.`);
  return d;
}

/** PagerDuty priorities P1 (highest)…P5 onto Vigil's P0…P3; without a priority, urgency high → P1, low → P3. */
function pagerDutySeverity(priority: string, urgency: string): Severity {
  const p = /^p([1-5])$/i.exec(priority.trim());
  if (p) return (['P0', 'P1', 'P2', 'P3', 'P3'] as const)[Number(p[1]) - 1];
  return urgency.trim().toLowerCase() === 'low' ? 'P3' : 'P1';
}

const COLUMNS = {
  id: ['id', 'incident id', 'incident_id'],
  number: ['incident_number', 'incident number', 'number', '#'],
  title: ['description', 'title', 'summary', 'incident title'],
  created: ['created_on', 'created at', 'created', 'created_at', 'opened'],
  acknowledged: ['acknowledged_on', 'first acknowledged at', 'acknowledged at', 'acknowledged_at'],
  secondsToAck: ['seconds_to_first_ack', 'time to first ack (seconds)'],
  resolved: ['resolved_on', 'resolved at', 'resolved', 'resolved_at'],
  priority: ['priority_name', 'priority'],
  urgency: ['urgency'],
  service: ['service_name', 'service'],
} as const;

function check(record: HistoryRecord, where: string): HistoryRecord {
  if (!record.externalId || record.externalId.length > HISTORY_LIMITS.externalId)
    throw validationError('content', `${where}: an id of 1–${HISTORY_LIMITS.externalId} characters is required.`);
  if (!record.title) record.title = `Imported incident ${record.externalId}`;
  record.title = record.title.slice(0, HISTORY_LIMITS.title);
  const d = record.detectedAt.getTime();
  for (const [name, v] of [
    ['acknowledgedAt', record.acknowledgedAt],
    ['mitigatedAt', record.mitigatedAt],
    ['resolvedAt', record.resolvedAt],
  ] as const) {
    if (v && v.getTime() < d)
      throw validationError('content', `${where}: ${name} is before the incident was detected.`);
  }
  if (record.services.some((s) => !s || s.length > HISTORY_LIMITS.serviceName))
    throw validationError('content', `${where}: service names must be 1–${HISTORY_LIMITS.serviceName} characters.`);
  return record;
}

/** Reads a PagerDuty incidents CSV export (header row names the columns; unknown columns are ignored). */
export function parsePagerDutyCsv(content: string): HistoryRecord[] {
  const [header, ...rows] = parseCsv(content);
  if (!header) throw validationError('content', 'The CSV is empty.');
  const names = header.map((h) => h.trim().toLowerCase());
  const col = (key: keyof typeof COLUMNS) => names.findIndex((n) => (COLUMNS[key] as readonly string[]).includes(n));
  const at = Object.fromEntries(Object.keys(COLUMNS).map((k) => [k, col(k as keyof typeof COLUMNS)])) as Record<
    keyof typeof COLUMNS,
    number
  >;
  if (at.id < 0 && at.number < 0)
    throw validationError('content', 'The CSV needs an "id" or "incident_number" column.');
  if (at.created < 0) throw validationError('content', 'The CSV needs a "created_on" column.');
  return rows.map((row, n) => {
    const where = `CSV row ${n + 2}`;
    const get = (i: number) => (i >= 0 ? (row[i] ?? '').trim() : '');
    const detectedAt = date(get(at.created), 'created_on', where);
    if (!detectedAt) throw validationError('content', `${where}: created_on is required.`);
    let acknowledgedAt = date(get(at.acknowledged), 'acknowledged_on', where);
    const seconds = get(at.secondsToAck);
    if (!acknowledgedAt && seconds) {
      const s = Number(seconds);
      if (!Number.isFinite(s) || s < 0)
        throw validationError('content', `${where}: seconds_to_first_ack "${seconds}" is not a number of seconds.`);
      acknowledgedAt = new Date(detectedAt.getTime() + Math.round(s * 1000));
    }
    const service = get(at.service);
    return check(
      {
        externalId: get(at.id) || get(at.number),
        title: get(at.title),
        severity: pagerDutySeverity(get(at.priority), get(at.urgency)),
        detectedAt,
        acknowledgedAt,
        mitigatedAt: null,
        resolvedAt: date(get(at.resolved), 'resolved_on', where),
        services: service ? [service] : [],
      },
      where,
    );
  });
}

/**
 * Vigil's JSON history: `{ "incidents": [{ "externalId", "title", "severity": "P0".."P3", "detectedAt",
 * "acknowledgedAt"?, "mitigatedAt"?, "resolvedAt"?, "services"?: [names] }] }` (or the bare array), ISO 8601 times.
 */
function parseHistoryJson(content: string): HistoryRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw validationError('content', 'The content is not valid JSON.');
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { incidents?: unknown } | null)?.incidents;
  if (!Array.isArray(list)) throw validationError('content', 'Expected {"incidents": [...]} or an array of incidents.');
  return list.map((raw: unknown, n) => {
    const where = `incident ${n + 1}`;
    if (!raw || typeof raw !== 'object') throw validationError('content', `${where} is not an object.`);
    const r = raw as Record<string, unknown>;
    const severity = String(r.severity ?? '');
    if (!(SEVERITIES as readonly string[]).includes(severity))
      throw validationError('content', `${where}: severity must be one of ${SEVERITIES.join(', ')}.`);
    const detectedAt = date(r.detectedAt as string, 'detectedAt', where);
    if (!detectedAt) throw validationError('content', `${where}: detectedAt is required.`);
    const services = r.services === undefined || r.services === null ? [] : r.services;
    if (!Array.isArray(services) || services.some((s) => typeof s !== 'string'))
      throw validationError('content', `${where}: services must be a list of names.`);
    return check(
      {
        externalId:
          typeof r.externalId === 'string' || typeof r.externalId === 'number' ? String(r.externalId).trim() : '',
        title: typeof r.title === 'string' ? r.title.trim() : '',
        severity: severity as Severity,
        detectedAt,
        acknowledgedAt: date(r.acknowledgedAt as string, 'acknowledgedAt', where),
        mitigatedAt: date(r.mitigatedAt as string, 'mitigatedAt', where),
        resolvedAt: date(r.resolvedAt as string, 'resolvedAt', where),
        services: [...new Set((services as string[]).map((s) => s.trim()))],
      },
      where,
    );
  });
}

/** Parses either format, enforcing the size limits; throws VALIDATION on `content` naming the row. */
export function parseHistory(format: HistoryFormat, content: string): HistoryRecord[] {
  if (typeof content !== 'string' || !content.trim()) throw validationError('content', 'content must not be empty.');
  if (content.length > HISTORY_LIMITS.contentChars)
    throw validationError(
      'content',
      `content must be at most ${HISTORY_LIMITS.contentChars} characters; split the file.`,
    );
  const records = format === 'PAGERDUTY_CSV' ? parsePagerDutyCsv(content) : parseHistoryJson(content);
  if (records.length > HISTORY_LIMITS.records)
    throw validationError('content', `At most ${HISTORY_LIMITS.records} incidents per import.`);
  const seen = new Set<string>();
  for (const r of records) {
    if (seen.has(r.externalId)) throw validationError('content', `The id ${r.externalId} appears twice.`);
    seen.add(r.externalId);
  }
  return records;
}
