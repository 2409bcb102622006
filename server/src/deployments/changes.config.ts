import fs from 'node:fs';
import path from 'node:path';
import { DEPLOYMENT_WINDOW_DEFAULTS, DomainError, MINUTE, RunbookConfig, parseRunbookConfig } from '@vigil/shared';

/** Issue 9's settings: the deployment window around detection and the runbook configuration file. */
export interface ChangeConfig {
  /** How far before detection deployments are listed on an incident (VIGIL_DEPLOY_LOOKBACK_MINUTES, default 120). */
  deployLookbackMs: number;
  /** Deployments this close before detection are suspect (VIGIL_DEPLOY_SUSPECT_MINUTES, default 30). */
  deploySuspectMs: number;
  /** Where VIGIL_RUNBOOKS_FILE pointed; null when unset (no runbook actions, no health checks). */
  runbooksFile: string | null;
  /** The file, read and validated once at start. */
  runbooks: RunbookConfig;
  /** GitHub webhook secret (VIGIL_GITHUB_WEBHOOK_SECRET): when set, deployment_status deliveries must be signed with it. */
  githubWebhookSecret: string | null;
}

function minutes(env: NodeJS.ProcessEnv, name: string, fallbackMs: number, fail: (m: string) => Error): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallbackMs;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 7 * 24 * 60)
    throw fail(`${name} must be a whole number of minutes from 1 to 10080, got "${raw}".`);
  return n * MINUTE;
}

/** Reads and validates the runbook file; relative working directories are relative to the file. */
function loadRunbookFile(file: string, fail: (m: string) => Error): RunbookConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw fail(`VIGIL_RUNBOOKS_FILE ${file} could not be read as JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const config = parseRunbookConfig(raw);
    return { ...config, workingDirectory: path.resolve(path.dirname(file), config.workingDirectory ?? '.') };
  } catch (e) {
    if (e instanceof DomainError) throw fail(`VIGIL_RUNBOOKS_FILE ${file}: ${e.message}`);
    throw e;
  }
}

/** Parses the environment for issue 9's settings; throws (via `fail`) naming the variable that is wrong. */
export function parseChangeConfig(env: NodeJS.ProcessEnv, fail: (m: string) => Error): ChangeConfig {
  const deployLookbackMs = minutes(env, 'VIGIL_DEPLOY_LOOKBACK_MINUTES', DEPLOYMENT_WINDOW_DEFAULTS.lookbackMs, fail);
  const deploySuspectMs = minutes(env, 'VIGIL_DEPLOY_SUSPECT_MINUTES', DEPLOYMENT_WINDOW_DEFAULTS.suspectMs, fail);
  if (deploySuspectMs > deployLookbackMs)
    throw fail('VIGIL_DEPLOY_SUSPECT_MINUTES must not exceed VIGIL_DEPLOY_LOOKBACK_MINUTES.');
  const file = env.VIGIL_RUNBOOKS_FILE?.trim() || null;
  const runbooksFile = file ? path.resolve(file) : null;
  return {
    deployLookbackMs,
    deploySuspectMs,
    runbooksFile,
    runbooks: runbooksFile ? loadRunbookFile(runbooksFile, fail) : { workingDirectory: null, services: {} },
    githubWebhookSecret: env.VIGIL_GITHUB_WEBHOOK_SECRET?.trim() || null,
  };
}
