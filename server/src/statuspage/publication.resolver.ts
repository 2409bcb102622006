import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { ComponentState, PublicationDecidedBy, PublicationState, publicImpact } from '@vigil/shared';
import { Context } from '../graphql/context';
import { Incident } from '../model/incident.entity';
import { IncidentService } from '../incidents';
import { parseId } from '../graphql/ids';
import { PublicationService } from './publication.service';

@InputType({ description: 'What the public status page says about an incident.' })
export class PublishIncidentInput {
  @Field(() => String, {
    nullable: true,
    description: 'A public title (one line, ≤ 200); empty: the neutral one, "<impact> affecting <components>".',
  })
  title?: string | null;

  @Field(() => ComponentState, { nullable: true, description: "The impact shown; empty: the severity's." })
  impact?: ComponentState | null;
}

@ObjectType({ description: 'Whether and how the public status page shows an incident.' })
export class IncidentPublicationView {
  @Field(() => PublicationState)
  state: PublicationState;

  @Field(() => PublicationDecidedBy)
  decidedBy: PublicationDecidedBy;

  @Field(() => String, { description: 'The title the page shows (or would show): the chosen one, or the neutral one.' })
  title: string;

  @Field(() => String, { nullable: true, description: 'The public title a responder chose; null: the neutral one.' })
  customTitle: string | null;

  @Field(() => ComponentState, { description: "The impact the page shows: the responder's, else the severity's." })
  impact: ComponentState;
}

/** The services PublicationResolver uses. */
interface PublicationResolverDeps {
  readonly incidents: IncidentService;
  readonly publication: PublicationService;
}

/** Publishing an incident on the public status page is a responder's decision (issue 20). */
@Resolver(() => Incident)
export class PublicationResolver {
  constructor(private readonly app: PublicationResolverDeps) {}

  @Mutation(() => Incident, {
    description: 'Put the incident on the public status page, with a public title and impact (both optional).',
  })
  publishIncident(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => PublishIncidentInput, { nullable: true }) input: PublishIncidentInput | null,
    @Ctx() ctx: Context,
  ): Promise<Incident> {
    return this.app.publication.publish(parseId(id), input ?? {}, ctx.actor);
  }

  @Mutation(() => Incident, {
    description: 'Take the incident off the public status page, its JSON, Atom feed and live stream.',
  })
  unpublishIncident(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Incident> {
    return this.app.publication.unpublish(parseId(id), ctx.actor);
  }

  @FieldResolver(() => IncidentPublicationView, { description: 'Whether and how the public status page shows it.' })
  async publication(@Root() incident: Incident): Promise<IncidentPublicationView> {
    const publication = await this.app.publication.of(incident);
    const services = await this.app.incidents.servicesOf(incident);
    return {
      state: publication.state,
      decidedBy: publication.decidedBy,
      title: PublicationService.publicTitle(publication, incident.severity, services.map((s) => s.name).sort()),
      customTitle: publication.title,
      impact: publicImpact(publication, incident.severity),
    };
  }
}
