import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { DomainError, ErrorCode } from '@vigil/shared';
import { ServiceEntity } from '../model/service.entity';
import { Context } from '../graphql/context';
import { parseId } from '../graphql/ids';
import { RunRunbookActionInput, RunbookActionView, RunbookRunView } from './runbook.types';
import { Database } from '../db/data-source';
import { RunbookService } from './runbook.service';

/** The services RunbookResolver uses. */
interface RunbookResolverDeps {
  readonly db: Database;
  readonly runbooks: RunbookService;
}

@Resolver()
export class RunbookResolver {
  constructor(private readonly app: RunbookResolverDeps) {}

  @Query(() => [RunbookActionView], {
    description: "A service's configured runbook actions, read-only (they come from the server's file).",
  })
  async runbookActions(@Arg('serviceId', () => ID) serviceId: string): Promise<RunbookActionView[]> {
    const id = parseId(serviceId, 'serviceId');
    const service = await this.app.db.dataSource.getRepository(ServiceEntity).findOne({ where: { id } });
    if (!service) throw new DomainError(ErrorCode.NOT_FOUND, `No service with id ${id}.`, 'serviceId');
    return this.app.runbooks.actionsFor(service.name).map((a) => ({
      action: a.action,
      steps: a.steps.map((s) => ({
        name: s.name,
        command: s.command,
        webhookUrl: s.webhook?.url ?? null,
        timeoutSeconds: Math.round(s.timeoutMs / 1000),
      })),
    }));
  }

  @Mutation(() => RunbookRunView, {
    description:
      "Runs (or dry-runs) a configured action for an incident's service. Needs confirm: true, and LEAD or RESPONDER on a P0; a dry run may also be asked by the responder on call for the service. Progress streams to the timeline.",
  })
  async runRunbookAction(
    @Arg('incidentId', () => ID) incidentId: string,
    @Arg('input', () => RunRunbookActionInput) input: RunRunbookActionInput,
    @Ctx() ctx: Context,
  ): Promise<RunbookRunView> {
    const run = await this.app.runbooks.run(
      parseId(incidentId, 'incidentId'),
      {
        ...input,
        serviceId: input.serviceId ? parseId(input.serviceId, 'serviceId') : null,
      },
      ctx.actor,
    );
    return {
      ...run,
      steps: run.steps.map((s) => ({
        name: s.name,
        argv: s.argv,
        webhookUrl: s.webhookUrl,
        timeoutSeconds: Math.round(s.timeoutMs / 1000),
      })),
    };
  }
}
