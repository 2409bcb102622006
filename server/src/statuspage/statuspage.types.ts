import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ComponentState, PublicStatus } from '@vigil/shared';

// The public status page's contract. Every type here is safe to show anyone: no notes, names or payloads.

@ObjectType({ description: 'One public status update, as published with postStatusUpdate(publicMessage).' })
export class PublicUpdate {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  @Field(() => PublicStatus, { nullable: true, description: 'The status word published with this update.' })
  status: PublicStatus | null;

  @Field()
  message: string;

  @Field({ description: 'The procedure\'s status page line: "[Time] - message" (UTC).' })
  line: string;
}

@ObjectType({ description: 'A service as the public sees it.' })
export class PublicComponent {
  @Field()
  name: string;

  @Field(() => ComponentState, {
    description: 'Worst state implied by its open incidents: P0 major, P1 partial, P2/P3 degraded.',
  })
  state: ComponentState;
}

@ObjectType()
export class PublicIncident {
  @Field(() => ID)
  id: string;

  @Field({
    description:
      'Impact and affected components, e.g. "Partial outage affecting checkout-api"; never the internal title.',
  })
  title: string;

  @Field(() => PublicStatus)
  status: PublicStatus;

  @Field(() => ComponentState, { description: 'What the incident does to its components.' })
  impact: ComponentState;

  @Field()
  startedAt: Date;

  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;

  @Field(() => [String], { description: 'Names of the affected components.' })
  components: string[];

  @Field(() => [PublicUpdate], { description: 'Public updates, newest first.' })
  updates: PublicUpdate[];
}

@ObjectType({ description: 'Maintenance of one component that has not ended yet. The internal reason is never shown.' })
export class PublicMaintenanceWindow {
  @Field({ description: '"Scheduled maintenance" or "Maintenance in progress".' })
  title: string;

  @Field()
  startsAt: Date;

  @Field(() => Date, { nullable: true, description: 'Null while open-ended.' })
  endsAt: Date | null;

  @Field(() => [String])
  components: string[];
}

@ObjectType({ description: 'Everything the public status page shows; no login needed.' })
export class PublicStatusPage {
  @Field({ description: 'When this snapshot was computed.' })
  generatedAt: Date;

  @Field(() => ComponentState, { description: 'The worst state of any component or active incident.' })
  state: ComponentState;

  @Field({ description: 'The headline, e.g. "All systems operational".' })
  headline: string;

  @Field(() => [PublicComponent])
  components: PublicComponent[];

  @Field(() => [PublicIncident], {
    description: 'Open incidents, worst impact first; at most VIGIL_STATUS_MAX_ACTIVE of them.',
  })
  activeIncidents: PublicIncident[];

  @Field(() => Int, { description: 'How many incidents are open, listed or not.' })
  activeIncidentCount: number;

  @Field(() => [PublicIncident], {
    description: 'Incidents resolved in the last 14 days, most recent first; at most VIGIL_STATUS_MAX_PAST of them.',
  })
  pastIncidents: PublicIncident[];

  @Field(() => [PublicMaintenanceWindow])
  scheduledMaintenance: PublicMaintenanceWindow[];
}
