import { HOUR, MINUTE } from './time';

/** How a deployment reached Vigil: the GraphQL API, the generic JSON endpoint, PagerDuty Change Events, GitHub. */
export const DeploymentSource = { API: 'API', GENERIC: 'GENERIC', PAGERDUTY: 'PAGERDUTY', GITHUB: 'GITHUB' } as const;
export type DeploymentSource = (typeof DeploymentSource)[keyof typeof DeploymentSource];

/**
 * "Review recent deployments": which changes to an incident's services landed in the window before detection,
 * and which landed so shortly before it that they are the first suspects.
 */
export interface DeploymentWindowOptions {
  /** How far before detection to look. */
  lookbackMs?: number;
  /** A deployment this close before detection (inclusive) is flagged suspect. */
  suspectMs?: number;
}

export const DEPLOYMENT_WINDOW_DEFAULTS: Required<DeploymentWindowOptions> = {
  lookbackMs: 2 * HOUR,
  suspectMs: 30 * MINUTE,
};

export interface RecentDeployment<T> {
  deployment: T;
  suspect: boolean;
  /** How long before detection it landed (0 = at the same millisecond). */
  beforeDetectionMs: number;
}

/**
 * The deployments that landed in [detectedAt − lookback, detectedAt], newest first; suspect when within
 * `suspectMs` of detection. Deployments after detection cannot have caused it and are left out.
 */
export function recentDeployments<T extends { deployedAt: Date }>(
  deployments: readonly T[],
  detectedAt: Date,
  options: DeploymentWindowOptions = {},
): RecentDeployment<T>[] {
  const { lookbackMs, suspectMs } = { ...DEPLOYMENT_WINDOW_DEFAULTS, ...options };
  const detected = detectedAt.getTime();
  return deployments
    .map((deployment) => ({ deployment, beforeDetectionMs: detected - deployment.deployedAt.getTime() }))
    .filter((d) => d.beforeDetectionMs >= 0 && d.beforeDetectionMs <= lookbackMs)
    .sort((a, b) => a.beforeDetectionMs - b.beforeDetectionMs)
    .map((d) => ({ ...d, suspect: d.beforeDetectionMs <= suspectMs }));
}

/** The most recent suspect deployment, or null: what a rollback would undo. */
export function suspectDeployment<T>(recent: readonly RecentDeployment<T>[]): T | null {
  return recent.find((d) => d.suspect)?.deployment ?? null;
}
