import crypto from 'node:crypto';
import { ChildProcess } from 'node:child_process';
import {
  Actor,
  DomainError,
  ErrorCode,
  RunbookAction,
  RunbookConfig,
  RunbookParams,
  RunbookStep,
  ServiceRunbook,
  assertMayRunRunbook,
  mayRunRunbook,
  renderStep,
  runbookParams,
  validationError,
} from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { TimelineWriter } from '../deployments';
import { Incident } from '../model/incident.entity';
import { OutboundGuard } from '../outbound/outbound-guard';
import { OutputLine, StepOutcome, killTree, postWebhook, runStep, stepSucceeded } from './runbook.runner';

export interface RunRunbookRequest {
  action: RunbookAction;
  serviceId?: number | null;
  deployment?: string | null;
  namespace?: string | null;
  confirm: boolean;
  dryRun?: boolean | null;
}

export interface PlannedStep {
  name: string;
  /** Exactly the argv that runs: program first. Empty for a webhook step. */
  argv: string[];
  /** Where a webhook step POSTs (its headers, which may hold secrets, are never recorded). */
  webhookUrl: string | null;
  timeoutMs: number;
}

export interface RunbookRun {
  runId: string;
  incidentId: number;
  serviceName: string;
  action: RunbookAction;
  dryRun: boolean;
  params: RunbookParams;
  steps: PlannedStep[];
}

export interface RunbookServiceOptions {
  /** Output lines wait at most this long before they are written and published together. */
  flushMs?: number;
  log?: (e: unknown) => void;
  /** Whether a person is on call for the incident's service now (they may dry-run); nobody is, without it. */
  onCall?: (incidentId: number, service: ServiceEntity, userId: number) => Promise<boolean>;
  /** The outbound request guard webhook steps go through; default: nothing private allowed. */
  outbound?: OutboundGuard;
}

const MAX_BATCH_LINES = 50;
const MAX_LINES_PER_STEP = 5000;

/** Picks the incident service an action or probe is about; names the field when it cannot. */
export function serviceOfIncident(incident: Incident, serviceId: number | null | undefined): ServiceEntity {
  const services = incident.services ?? [];
  if (serviceId) {
    const found = services.find((s) => s.id === serviceId);
    if (!found) throw validationError('serviceId', `Service ${serviceId} is not affected by incident ${incident.id}.`);
    return found;
  }
  if (services.length !== 1)
    throw validationError('serviceId', 'The incident affects more or fewer than one service: name the serviceId.');
  return services[0];
}

/**
 * Runs configured runbook actions against an incident's service: commands only from the server's own file,
 * parameters allowlisted and passed as argv, every step's output streamed to the incident timeline.
 */
export class RunbookService {
  private readonly running = new Map<string, Promise<void>>();
  private readonly children = new Set<ChildProcess>();
  private readonly flushMs: number;
  private readonly log: (e: unknown) => void;
  private readonly onCall: NonNullable<RunbookServiceOptions['onCall']>;
  private readonly outbound: OutboundGuard;

  constructor(
    private readonly config: RunbookConfig,
    private readonly timeline: TimelineWriter,
    options: RunbookServiceOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 100;
    this.log = options.log ?? (() => undefined);
    this.onCall = options.onCall ?? (async () => false);
    this.outbound = options.outbound ?? new OutboundGuard({ allow: [], timeoutMs: 5000 });
  }

  /** The configuration for a service by name, or null. */
  forService(name: string): ServiceRunbook | null {
    return Object.prototype.hasOwnProperty.call(this.config.services, name) ? this.config.services[name] : null;
  }

  /**
   * Starts an action (or, with dryRun, only records what would run). Needs confirm, and LEAD or RESPONDER on a
   * P0; a dry run may also be asked by the person on call for the incident's service. Parameters come only from
   * what the runbook file allows for the service. Returns at once with the plan; the steps run in the background
   * and report on the timeline.
   */
  async run(incidentId: number, request: RunRunbookRequest, actor: Actor): Promise<RunbookRun> {
    if (request.confirm !== true) throw validationError('confirm', 'Running a runbook action needs confirm: true.');
    const incident = await this.timeline.incident(incidentId);
    const dryRun = request.dryRun === true;
    const allowedByRole = mayRunRunbook(actor.role, incident.severity);
    if (!allowedByRole && !dryRun) assertMayRunRunbook(actor.role, incident.severity);
    const service = serviceOfIncident(incident, request.serviceId);
    if (!allowedByRole) {
      // A dry run executes nothing: the responder on call for the service may ask for one.
      const onCall = actor.userId !== null && (await this.onCall(incidentId, service, actor.userId));
      assertMayRunRunbook(actor.role, incident.severity, { dryRun: true, onCall });
    }
    const configured = this.forService(service.name);
    const steps = configured?.actions[request.action];
    if (!configured || !steps)
      throw validationError(
        'action',
        `No ${request.action} action is configured for ${service.name} in the runbook file.`,
      );
    const params = runbookParams(service.name, configured, request);
    const plan: PlannedStep[] = steps.map((step) => {
      const { file, args } = renderStep(step, params);
      return {
        name: step.name,
        argv: step.webhook ? [] : [file, ...args],
        webhookUrl: step.webhook?.url ?? null,
        timeoutMs: step.timeoutMs,
      };
    });
    const run: RunbookRun = {
      runId: crypto.randomUUID(),
      incidentId,
      serviceName: service.name,
      action: request.action,
      dryRun,
      params,
      steps: plan,
    };
    const key = `${incidentId}:${service.id}`;
    if (!dryRun && this.running.has(key))
      throw new DomainError(
        ErrorCode.CONFLICT,
        `A runbook action for ${service.name} is already running on this incident.`,
        'action',
      );
    // Reserve the slot before the first await, so two simultaneous requests cannot both start.
    let release: () => void = () => undefined;
    if (!dryRun)
      this.running.set(
        key,
        new Promise<void>((r) => {
          release = r;
        }),
      );

    const commands = plan
      .map((s, i) => `${i + 1}. ${s.webhookUrl ? `POST ${s.webhookUrl}` : s.argv.join(' ')}`)
      .join('\n');
    try {
      await this.timeline.write(incidentId, actor, [
        {
          type: 'RUNBOOK_STARTED',
          message: dryRun
            ? `Dry run of ${request.action} for ${service.name}: nothing was executed. Would run:\n${commands}`
            : `Started ${request.action} for ${service.name}:\n${commands}`,
          data: { runId: run.runId, action: request.action, service: service.name, dryRun, params, steps: plan },
        },
      ]);
    } catch (e) {
      if (!dryRun) {
        this.running.delete(key);
        release();
      }
      throw e;
    }
    if (dryRun) return run;
    const work = this.execute(run, steps, actor)
      .catch((e) => this.log(e))
      .finally(() => {
        this.running.delete(key);
        release();
      });
    this.running.set(key, work);
    return run;
  }

  private async execute(run: RunbookRun, sources: RunbookStep[], actor: Actor): Promise<void> {
    for (const [index, step] of run.steps.entries()) {
      const outcome = await this.executeStep(run, index, step, sources[index], actor);
      const ok = stepSucceeded(outcome);
      const how = outcome.error
        ? `could not start: ${outcome.error}`
        : outcome.timedOut
          ? `timed out after ${step.timeoutMs} ms`
          : outcome.signal
            ? `killed by ${outcome.signal}`
            : outcome.statusCode !== null
              ? `HTTP ${outcome.statusCode}`
              : `exit ${outcome.exitCode}`;
      await this.timeline.write(run.incidentId, actor, [
        {
          type: 'RUNBOOK_STEP_FINISHED',
          message: `Step ${index + 1} (${step.name}) ${ok ? 'succeeded' : 'FAILED'}: ${how}, ${outcome.durationMs} ms`,
          data: { runId: run.runId, step: index + 1, name: step.name, argv: step.argv, ok, ...outcome },
        },
      ]);
      if (!ok) {
        await this.timeline.write(run.incidentId, actor, [
          {
            type: 'RUNBOOK_FINISHED',
            message: `${run.action} for ${run.serviceName} FAILED at step ${index + 1} (${step.name}); later steps were not run.`,
            data: { runId: run.runId, action: run.action, ok: false, failedStep: index + 1, failedStepName: step.name },
          },
        ]);
        return;
      }
    }
    await this.timeline.write(run.incidentId, actor, [
      {
        type: 'RUNBOOK_FINISHED',
        message: `${run.action} for ${run.serviceName} completed: all ${run.steps.length} steps succeeded.`,
        data: { runId: run.runId, action: run.action, ok: true, failedStep: null },
      },
    ]);
  }

  /** Runs one step, writing its output in small batches as it arrives (each batch committed, then published). */
  private async executeStep(
    run: RunbookRun,
    index: number,
    step: PlannedStep,
    source: RunbookStep,
    actor: Actor,
  ): Promise<StepOutcome> {
    let buffer: OutputLine[] = [];
    let seen = 0;
    let timer: NodeJS.Timeout | null = null;
    let chain: Promise<void> = Promise.resolve();
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      const lines = buffer;
      buffer = [];
      if (!lines.length) return;
      chain = chain
        .then(() =>
          this.timeline.write(run.incidentId, actor, [
            {
              type: 'RUNBOOK_OUTPUT',
              message: lines.map((l) => l.line).join('\n'),
              data: { runId: run.runId, step: index + 1, name: step.name, lines },
            },
          ]),
        )
        .then(
          () => undefined,
          (e) => this.log(e),
        );
    };
    const onLine = (line: OutputLine) => {
      seen++;
      if (seen > MAX_LINES_PER_STEP) {
        if (seen === MAX_LINES_PER_STEP + 1)
          buffer.push({ stream: 'stderr', line: `[vigil] output truncated after ${MAX_LINES_PER_STEP} lines` });
      } else buffer.push(line);
      if (buffer.length >= MAX_BATCH_LINES) flush();
      else timer ??= setTimeout(flush, this.flushMs);
    };
    const [file, ...args] = step.argv;
    const outcome = source.webhook
      ? await postWebhook(
          this.outbound,
          source.webhook.url,
          source.webhook.headers,
          {
            runId: run.runId,
            incidentId: run.incidentId,
            action: run.action,
            step: index + 1,
            actor: actor.name,
            ...run.params,
          },
          step.timeoutMs,
          onLine,
        )
      : await runStep(file, args, {
          cwd: this.config.workingDirectory ?? process.cwd(),
          timeoutMs: step.timeoutMs,
          onLine,
          onSpawn: (child) => this.children.add(child),
          onExit: (child) => this.children.delete(child),
        });
    flush();
    await chain;
    return outcome;
  }

  /** Resolves when every action started so far has finished (tests; shutdown). */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  /** Shutdown: kills running steps and waits for their runs to record the failure. */
  async stop(): Promise<void> {
    for (const child of this.children) killTree(child, 'SIGKILL');
    await this.settled();
  }

  /** What the configuration file defines for a service (templates, not rendered), for read-only display. */
  actionsFor(name: string): Array<{ action: RunbookAction; steps: RunbookStep[] }> {
    const configured = this.forService(name);
    if (!configured) return [];
    return (Object.entries(configured.actions) as Array<[RunbookAction, RunbookStep[]]>).map(([action, steps]) => ({
      action,
      steps,
    }));
  }
}
