import { performance } from 'node:perf_hooks';
import { Actor, Clock, RunbookConfig, validationError } from '@vigil/shared';
import { TimelineWriter } from '../deployments/timeline-writer';
import { serviceOfIncident } from '../runbooks/runbook.service';

export interface HealthCheckResult {
  serviceName: string;
  url: string;
  statusCode: number | null;
  latencyMs: number;
  ok: boolean;
  error: string | null;
  checkedAt: Date;
}

const PROBE_TIMEOUT_MS = 10_000;

/** Probes a service's configured health-check URL and records the result on the incident as verification evidence. */
export class HealthCheckService {
  constructor(private readonly config: RunbookConfig, private readonly timeline: TimelineWriter, private readonly clock: Clock) {}

  /** One GET to the configured URL (no redirects followed); ok means a 2xx answer within 10 s. */
  async probe(incidentId: number, serviceId: number | null, actor: Actor): Promise<HealthCheckResult> {
    const incident = await this.timeline.incident(incidentId);
    const service = serviceOfIncident(incident, serviceId);
    const url = Object.prototype.hasOwnProperty.call(this.config.services, service.name) ? this.config.services[service.name].healthCheckUrl : null;
    if (!url) throw validationError('serviceId', `No health-check URL is configured for ${service.name} in the runbook file.`);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      statusCode = res.status;
      await res.body?.cancel();
    } catch (e) {
      error = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
    }
    const latencyMs = Math.round(performance.now() - started);
    const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
    const result = { serviceName: service.name, url, statusCode, latencyMs, ok, error, checkedAt: this.clock.now() };
    await this.timeline.write(incidentId, actor, [{
      type: 'HEALTH_CHECK',
      message: `Health check ${service.name} ${ok ? 'passing' : 'FAILING'}: ${statusCode ?? error} in ${latencyMs} ms (${url})`,
      data: { service: service.name, url, statusCode, latencyMs, ok, error },
    }]);
    return result;
  }
}
