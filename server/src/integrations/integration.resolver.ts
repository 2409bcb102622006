import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ServiceEntity } from '../model/service.entity';
import { Context } from '../graphql/context';
import { parseId } from '../incidents/incident.service';
import { Integration } from '../model/integration.entity';
import {
  CreateIntegrationInput,
  IntegrationWithKey,
  SeverityMappingEntry,
  SeverityMappingEntryInput,
} from './integration.inputs';

/** Thin: parse ids, call the service, return. */
@Resolver(() => Integration)
export class IntegrationResolver {
  @Query(() => [Integration], { description: "A service's alert integrations." })
  integrations(@Arg('serviceId', () => ID) serviceId: string, @Ctx() ctx: Context): Promise<Integration[]> {
    return ctx.app.integrations.list(parseId(serviceId, 'serviceId'));
  }

  @Mutation(() => IntegrationWithKey, {
    description: 'Adds an integration; the key in the answer is shown only this once.',
  })
  createIntegration(
    @Arg('input', () => CreateIntegrationInput) input: CreateIntegrationInput,
    @Ctx() ctx: Context,
  ): Promise<IntegrationWithKey> {
    return ctx.app.integrations.create({ ...input, serviceId: parseId(input.serviceId, 'serviceId') });
  }

  @Mutation(() => IntegrationWithKey, { description: 'Replaces the key; the old one stops working immediately.' })
  rotateIntegrationKey(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<IntegrationWithKey> {
    return ctx.app.integrations.rotateKey(parseId(id));
  }

  @Mutation(() => Integration, {
    description:
      "Replaces the integration's overrides of the default severity mapping; an empty list restores the default.",
  })
  setIntegrationSeverityMapping(
    @Arg('id', () => ID) id: string,
    @Arg('mapping', () => [SeverityMappingEntryInput]) mapping: SeverityMappingEntryInput[],
    @Ctx() ctx: Context,
  ): Promise<Integration> {
    return ctx.app.integrations.setSeverityMapping(parseId(id), mapping);
  }

  @FieldResolver(() => [SeverityMappingEntry], {
    description: "This integration's overrides of the default severity mapping.",
  })
  severityMapping(@Root() integration: Integration, @Ctx() ctx: Context): SeverityMappingEntry[] {
    return ctx.app.integrations.mappingEntries(integration);
  }

  @FieldResolver(() => Boolean, { description: 'Whether requests must carry a valid Grafana HMAC signature.' })
  signed(@Root() integration: Integration): boolean {
    return !!integration.hmacSecret;
  }

  @FieldResolver(() => String, { description: 'Where the monitoring system sends: a path on this server.' })
  endpoint(@Root() integration: Integration): string {
    return {
      PAGERDUTY_EVENTS_V2: '/v2/enqueue',
      ALERTMANAGER: '/api/integrations/alertmanager',
      GRAFANA: '/api/integrations/grafana',
      GENERIC_WEBHOOK: '/api/integrations/webhook',
    }[integration.kind];
  }

  @FieldResolver(() => ServiceEntity)
  async service(@Root() integration: Integration, @Ctx() ctx: Context): Promise<ServiceEntity> {
    return ctx.app.integrations.serviceOf(integration);
  }
}
