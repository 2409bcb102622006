import { Arg, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ServiceEntity } from '../model/service.entity';
import { parseId } from '../graphql/ids';
import { Integration } from '../model/integration.entity';
import {
  CreateIntegrationInput,
  IntegrationWithKey,
  SeverityMappingEntry,
  SeverityMappingEntryInput,
} from './integration.inputs';
import { IntegrationService } from './integration.service';

/** The services IntegrationResolver uses. */
interface IntegrationResolverDeps {
  readonly integrations: IntegrationService;
}

/** Thin: parse ids, call the service, return. */
@Resolver(() => Integration)
export class IntegrationResolver {
  constructor(private readonly app: IntegrationResolverDeps) {}

  @Query(() => [Integration], { description: "A service's alert integrations." })
  integrations(@Arg('serviceId', () => ID) serviceId: string): Promise<Integration[]> {
    return this.app.integrations.list(parseId(serviceId, 'serviceId'));
  }

  @Mutation(() => IntegrationWithKey, {
    description: 'Adds an integration; the key in the answer is shown only this once.',
  })
  createIntegration(
    @Arg('input', () => CreateIntegrationInput) input: CreateIntegrationInput,
  ): Promise<IntegrationWithKey> {
    return this.app.integrations.create({ ...input, serviceId: parseId(input.serviceId, 'serviceId') });
  }

  @Mutation(() => IntegrationWithKey, { description: 'Replaces the key; the old one stops working immediately.' })
  rotateIntegrationKey(@Arg('id', () => ID) id: string): Promise<IntegrationWithKey> {
    return this.app.integrations.rotateKey(parseId(id));
  }

  @Mutation(() => Integration, {
    description:
      "Replaces the integration's overrides of the default severity mapping; an empty list restores the default.",
  })
  setIntegrationSeverityMapping(
    @Arg('id', () => ID) id: string,
    @Arg('mapping', () => [SeverityMappingEntryInput]) mapping: SeverityMappingEntryInput[],
  ): Promise<Integration> {
    return this.app.integrations.setSeverityMapping(parseId(id), mapping);
  }

  @FieldResolver(() => [SeverityMappingEntry], {
    description: "This integration's overrides of the default severity mapping.",
  })
  severityMapping(@Root() integration: Integration): SeverityMappingEntry[] {
    return this.app.integrations.mappingEntries(integration);
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
  async service(@Root() integration: Integration): Promise<ServiceEntity> {
    return this.app.integrations.serviceOf(integration);
  }
}
