import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IntegrationKind, Severity } from '@vigil/shared';
import { Integration } from '../model/integration.entity';

@InputType()
export class SeverityMappingEntryInput {
  @Field({ description: "The sender's severity word, e.g. critical, warning (case-insensitive)." })
  alertSeverity: string;

  @Field(() => Severity)
  severity: Severity;
}

@InputType()
export class CreateIntegrationInput {
  @Field(() => ID)
  serviceId: string;

  @Field({ description: 'A name for people, e.g. "Prometheus prod"; also the actor on the incident timeline.' })
  name: string;

  @Field(() => IntegrationKind)
  kind: IntegrationKind;

  @Field(() => String, {
    nullable: true,
    description: 'Grafana only: the HMAC-SHA256 secret configured on the contact point; signatures are then required.',
  })
  hmacSecret?: string | null;

  @Field(() => [SeverityMappingEntryInput], {
    nullable: true,
    description: 'Overrides of the default severity mapping (critical→P1, error→P2, warning/info→P3).',
  })
  severityMapping?: SeverityMappingEntryInput[] | null;
}

@ObjectType()
export class SeverityMappingEntry {
  @Field()
  alertSeverity: string;

  @Field(() => Severity)
  severity: Severity;
}

@ObjectType({ description: 'An integration with its secret key: the only time the key is ever shown.' })
export class IntegrationWithKey {
  @Field(() => Integration)
  integration: Integration;

  @Field({
    description:
      'Send as routing_key (PagerDuty Events v2), or as "Authorization: Bearer <key>" or ?key= to the webhook endpoints.',
  })
  key: string;
}
