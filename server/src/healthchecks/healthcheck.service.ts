import { Actor, Clock, RunbookConfig, validationError } from '@vigil/shared';
import { TimelineWriter } from '../deployments';
import { OutboundGuard } from '../outbound/outbound-guard';
import { serviceOfIncident } from '../runbooks';

export interface HealthCheckResult {
  serviceName: string;
  url: string;
  statusCode: number | null;
  latencyMs: number;
  ok: boolean;
  error: string | null;
  checkedAt: Date;
}

/** Probes a service's configured health-check URL and records the result on the incident as verification evidence. */
export class HealthCheckService {
  constructor(
    private readonly config: RunbookConfig,
    private readonly timeline: TimelineWriter,
    private readonly clock: Clock,
    /** The outbound request guard (VIGIL_OUTBOUND_ALLOW): the probe's address is checked as it connects. */
    private readonly outbound: OutboundGuard,
  ) {}

  /**
   * One GET to the configured URL through the outbound guard (no redirects followed); ok means a 2xx answer within
   * VIGIL_OUTBOUND_TIMEOUT_MS. What failed is a classified reason (`http-503`, `refused-address`, `timeout`, …).
   */
  async probe(incidentId: number, serviceId: number | null, actor: Actor): Promise<HealthCheckResult> {
    const incident = await this.timeline.incident(incidentId);
    const service = serviceOfIncident(incident, serviceId);
    const url = Object.prototype.hasOwnProperty.call(this.config.services, service.name)
      ? this.config.services[service.name].healthCheckUrl
      : null;
    if (!url)
      throw validationError('serviceId', `No health-check URL is configured for ${service.name} in the runbook file.`);
    const res = await this.outbound.send(url, { method: 'GET' });
    const { status: statusCode, ok, durationMs: latencyMs } = res;
    // A status is its own evidence; the reason is said only when nothing answered.
    const error = statusCode === null ? res.reason : null;
    const result = { serviceName: service.name, url, statusCode, latencyMs, ok, error, checkedAt: this.clock.now() };
    await this.timeline.write(incidentId, actor, [
      {
        type: 'HEALTH_CHECK',
        message: `Health check ${service.name} ${ok ? 'passing' : 'FAILING'}: ${statusCode ?? error} in ${latencyMs} ms (${url})`,
        data: { service: service.name, url, statusCode, latencyMs, ok, error },
      },
    ]);
    return result;
  }
}
