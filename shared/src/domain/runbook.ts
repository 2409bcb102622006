import { DomainError, ErrorCode, validationError } from './errors';
import { Role, roleAtLeast } from './permissions';
import type { Severity } from './severity';

/** The procedure's immediate mitigations, as actions a service may configure. */
export const RunbookAction = {
  ROLLBACK: 'ROLLBACK',
  RESTART: 'RESTART',
  SCALE_UP: 'SCALE_UP',
  MAINTENANCE_MODE: 'MAINTENANCE_MODE',
} as const;
export type RunbookAction = (typeof RunbookAction)[keyof typeof RunbookAction];
export const RUNBOOK_ACTIONS: readonly RunbookAction[] = ['ROLLBACK', 'RESTART', 'SCALE_UP', 'MAINTENANCE_MODE'];

/**
 * What a substituted parameter may look like (a Kubernetes DNS-1123 name, dots allowed): no spaces, quotes,
 * slashes or shell syntax, so a value can never become a flag, a path or a second command.
 */
export const RUNBOOK_PARAM_PATTERN = /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/;
export const RUNBOOK_PARAMS = ['service', 'deployment', 'namespace'] as const;
export type RunbookParams = Record<(typeof RUNBOOK_PARAMS)[number], string>;

export interface RunbookStep {
  name: string;
  /** argv: the program, then each argument; `{service}`, `{deployment}`, `{namespace}` are substituted. Empty for a webhook step. */
  command: string[];
  /** An outbound webhook to the deploy system instead of a command: POSTed a JSON body naming the action and parameters. */
  webhook: { url: string; headers: Record<string, string> } | null;
  timeoutMs: number;
}

export interface ServiceRunbook {
  deployment: string | null;
  namespace: string | null;
  /** Other values a caller may choose per run, besides the defaults above; nothing else is accepted. */
  allowedDeployments: string[];
  allowedNamespaces: string[];
  healthCheckUrl: string | null;
  actions: Partial<Record<RunbookAction, RunbookStep[]>>;
}

export interface RunbookConfig {
  /** Where relative programs (./scripts/…) run from. */
  workingDirectory: string | null;
  services: Record<string, ServiceRunbook>;
}

export const DEFAULT_STEP_TIMEOUT_MS = 120_000;

/** The procedure's rollback process, step for step. */
export function defaultRollbackSteps(timeoutMs = DEFAULT_STEP_TIMEOUT_MS): RunbookStep[] {
  const target = ['deployment/{deployment}', '-n', '{namespace}'];
  return [
    { name: 'Stop deployment', command: ['kubectl', 'rollout', 'pause', ...target], webhook: null, timeoutMs },
    {
      name: 'Roll back to previous version',
      command: ['kubectl', 'rollout', 'undo', ...target],
      webhook: null,
      timeoutMs,
    },
    { name: 'Verify rollback', command: ['kubectl', 'rollout', 'status', ...target], webhook: null, timeoutMs },
    {
      name: 'Verify service health',
      command: ['./scripts/verify-deployment.sh', 'production'],
      webhook: null,
      timeoutMs,
    },
  ];
}

/** Throws VALIDATION naming `field` unless the value matches the allowlist pattern. */
export function validateRunbookParam(field: string, value: unknown): string {
  if (typeof value !== 'string' || !RUNBOOK_PARAM_PATTERN.test(value)) {
    throw validationError(
      field,
      `${field} must be lowercase letters, digits, "-" and "." (at most 63), starting and ending with a letter or digit.`,
    );
  }
  return value;
}

/**
 * Substitutes validated parameters into each argv entry; the result is passed as argv, never to a shell. A
 * webhook step renders to no argv (its parameters travel in the JSON body).
 */
export function renderStep(step: RunbookStep, params: RunbookParams): { file: string; args: string[] } {
  for (const key of RUNBOOK_PARAMS) validateRunbookParam(key, params[key]);
  if (step.webhook) return { file: '', args: [] };
  const argv = step.command.map((part) =>
    part.replace(/\{(service|deployment|namespace)\}/g, (_m, k: keyof RunbookParams) => params[k]),
  );
  return { file: argv[0], args: argv.slice(1) };
}

/** Whether running an action for real is allowed by role alone: LEAD, or RESPONDER when the incident is P0. */
export function mayRunRunbook(role: Role, severity: Severity): boolean {
  return roleAtLeast(role, 'LEAD') || (severity === 'P0' && roleAtLeast(role, 'RESPONDER'));
}

/**
 * Running an action needs LEAD, or RESPONDER when the incident is P0; a dry run (which executes nothing) may also
 * be asked by the responder on call for the incident's service. Throws FORBIDDEN otherwise.
 */
export function assertMayRunRunbook(
  role: Role,
  severity: Severity,
  run: { dryRun: boolean; onCall: boolean } = { dryRun: false, onCall: false },
): void {
  if (mayRunRunbook(role, severity)) return;
  if (run.dryRun && run.onCall && roleAtLeast(role, 'RESPONDER')) return;
  throw new DomainError(
    ErrorCode.FORBIDDEN,
    run.dryRun
      ? `A dry run needs the LEAD role, RESPONDER on a P0, or being on call for this incident's service; you are ${role}${roleAtLeast(role, 'RESPONDER') ? ', not on call' : ''}.`
      : `Running a runbook action needs the LEAD role (or RESPONDER on a P0); you are ${role}.`,
    undefined,
    { role, severity },
  );
}

/**
 * The parameters of one run. `service` is the service's own name; `deployment` and `namespace` are the service's
 * defaults unless the caller names one the runbook file allows for that service (its default, or one listed in
 * allowedDeployments / allowedNamespaces). Anything else is VALIDATION naming the parameter.
 */
export function runbookParams(
  serviceName: string,
  runbook: ServiceRunbook,
  asked: { deployment?: string | null; namespace?: string | null },
): RunbookParams {
  const pick = (
    field: 'deployment' | 'namespace',
    value: string | null | undefined,
    fallback: string,
    extra: readonly string[],
  ): string => {
    const chosen = validateRunbookParam(field, value ?? fallback);
    const allowed = [...new Set([fallback, ...extra])];
    if (!allowed.includes(chosen)) {
      throw validationError(
        field,
        `${field} "${chosen}" is not allowed for ${serviceName}: the runbook file allows ${allowed.join(', ')}.`,
      );
    }
    return chosen;
  };
  return {
    service: validateRunbookParam('service', serviceName),
    deployment: pick('deployment', asked.deployment, runbook.deployment ?? serviceName, runbook.allowedDeployments),
    namespace: pick('namespace', asked.namespace, runbook.namespace ?? 'default', runbook.allowedNamespaces),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(path: string, message: string): never {
  throw validationError(path, `${path}: ${message}`);
}

function optionalParam(path: string, v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || !RUNBOOK_PARAM_PATTERN.test(v)) bad(path, 'must match the runbook parameter pattern.');
  return v;
}

function paramList(path: string, v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > 50) bad(path, 'must be a list of at most 50 names.');
  return v.map((x, i) => optionalParam(`${path}[${i}]`, x) ?? bad(`${path}[${i}]`, 'must be a name.'));
}

function parseWebhookStep(at: string, s: Record<string, unknown>, timeoutMs: number): RunbookStep {
  const hook = s.webhook;
  if (!isObject(hook) || typeof hook.url !== 'string' || !/^https?:\/\/\S+$/.test(hook.url))
    bad(`${at}.webhook.url`, 'must be an http(s) URL.');
  const headers = hook.headers ?? {};
  if (!isObject(headers) || !Object.values(headers).every((v) => typeof v === 'string'))
    bad(`${at}.webhook.headers`, 'must map header names to text.');
  const name = s.name === undefined ? `POST ${hook.url}` : s.name;
  if (typeof name !== 'string' || !name.trim() || name.length > 200)
    bad(`${at}.name`, 'must be text up to 200 characters.');
  return {
    name: name.trim(),
    command: [],
    webhook: { url: hook.url, headers: { ...(headers as Record<string, string>) } },
    timeoutMs,
  };
}

/** A command as argv: 1 or more non-empty strings of at most 500 characters. */
function isArgv(x: unknown): x is string[] {
  return Array.isArray(x) && x.length > 0 && x.every((c) => typeof c === 'string' && c.length > 0 && c.length <= 500);
}

function parseSteps(path: string, raw: unknown, defaultTimeoutMs: number): RunbookStep[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > 20) bad(path, 'must be a list of 1 to 20 steps.');
  return raw.map((s, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(s)) bad(at, 'must be an object.');
    const seconds = s.timeoutSeconds;
    if (
      seconds !== undefined &&
      (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 1 || seconds > 3600)
    ) {
      bad(`${at}.timeoutSeconds`, 'must be a whole number from 1 to 3600.');
    }
    const timeoutMs = seconds !== undefined ? seconds * 1000 : defaultTimeoutMs;
    if (s.webhook !== undefined) {
      if (s.command !== undefined) bad(at, 'a step is a command or a webhook, not both.');
      return parseWebhookStep(at, s, timeoutMs);
    }
    const command: unknown = s.command;
    if (!isArgv(command))
      bad(`${at}.command`, 'must be a non-empty list of non-empty strings (argv, never a shell line).');
    const stray = command.join(' ').match(/\{(?!service\}|deployment\}|namespace\})[^}]*\}/);
    if (stray) bad(`${at}.command`, `unknown placeholder ${stray[0]}.`);
    if (/\{/.test(command[0])) bad(`${at}.command`, 'the program itself may not be a placeholder.');
    const name = s.name === undefined ? command.join(' ') : s.name;
    if (typeof name !== 'string' || !name.trim() || name.length > 200)
      bad(`${at}.name`, 'must be text up to 200 characters.');
    return { name: name.trim(), command: [...command], webhook: null, timeoutMs };
  });
}

/**
 * Validates the server's runbook configuration file (already parsed JSON). Throws VALIDATION naming the path in
 * the file that is wrong. A service without a ROLLBACK action gets the procedure's default sequence.
 */
export function parseRunbookConfig(raw: unknown): RunbookConfig {
  if (!isObject(raw)) bad('$', 'must be a JSON object.');
  const wd = raw.workingDirectory;
  if (wd !== undefined && (typeof wd !== 'string' || !wd)) bad('workingDirectory', 'must be a path.');
  const timeout = raw.stepTimeoutSeconds;
  if (
    timeout !== undefined &&
    (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1 || timeout > 3600)
  ) {
    bad('stepTimeoutSeconds', 'must be a whole number from 1 to 3600.');
  }
  const defaultTimeoutMs = typeof timeout === 'number' ? timeout * 1000 : DEFAULT_STEP_TIMEOUT_MS;
  if (!isObject(raw.services)) bad('services', 'must be an object keyed by service name.');
  const services: Record<string, ServiceRunbook> = {};
  for (const [name, s] of Object.entries(raw.services)) {
    const at = `services.${name}`;
    if (!isObject(s)) bad(at, 'must be an object.');
    const url = s.healthCheckUrl;
    if (url !== undefined && (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url)))
      bad(`${at}.healthCheckUrl`, 'must be an http(s) URL.');
    const actions: Partial<Record<RunbookAction, RunbookStep[]>> = {};
    if (s.actions !== undefined && !isObject(s.actions)) bad(`${at}.actions`, 'must be an object keyed by action.');
    for (const [action, def] of Object.entries(s.actions ?? {})) {
      if (!(RUNBOOK_ACTIONS as readonly string[]).includes(action))
        bad(`${at}.actions.${action}`, `unknown action; use ${RUNBOOK_ACTIONS.join(', ')}.`);
      actions[action as RunbookAction] =
        def === 'default' && action === 'ROLLBACK'
          ? defaultRollbackSteps(defaultTimeoutMs)
          : parseSteps(`${at}.actions.${action}.steps`, isObject(def) ? def.steps : undefined, defaultTimeoutMs);
    }
    actions.ROLLBACK ??= defaultRollbackSteps(defaultTimeoutMs);
    services[name] = {
      deployment: optionalParam(`${at}.deployment`, s.deployment),
      namespace: optionalParam(`${at}.namespace`, s.namespace),
      allowedDeployments: paramList(`${at}.allowedDeployments`, s.allowedDeployments),
      allowedNamespaces: paramList(`${at}.allowedNamespaces`, s.allowedNamespaces),
      healthCheckUrl: typeof url === 'string' ? url : null,
      actions,
    };
  }
  return { workingDirectory: typeof wd === 'string' ? wd : null, services };
}
