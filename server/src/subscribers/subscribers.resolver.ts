import { Arg, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { parseId } from '../graphql/ids';
import { StatusSubscriber } from '../model/status-subscriber.entity';
import { SubscriberService } from './subscribers.service';

/** The services SubscribersResolver uses. */
interface SubscribersResolverDeps {
  readonly subscribers: SubscriberService;
}

@InputType()
export class AddStatusWebhookInput {
  @Field({ description: 'Where to POST: checked by the outbound request guard now and at every delivery.' })
  url: string;

  @Field(() => String, { nullable: true })
  label?: string | null;

  @Field(() => [String], { nullable: true, description: 'Component names; none: every component.' })
  components?: string[] | null;
}

@ObjectType()
export class AddedStatusWebhook {
  @Field(() => StatusSubscriber)
  subscriber: StatusSubscriber;

  @Field({
    description:
      'The HMAC-SHA256 key of the X-Vigil-Signature header (t=<unix seconds>,v1=<hex of HMAC(key, "t.body")>). Shown this once.',
  })
  signingSecret: string;
}

/** Status page subscribers: personal data, so every field here is for admins only (permissions.ts). */
@Resolver(() => StatusSubscriber)
export class SubscribersResolver {
  constructor(private readonly app: SubscribersResolverDeps) {}

  @Query(() => [StatusSubscriber], { description: 'Every status page subscriber, oldest first (admins only).' })
  statusSubscribers(): Promise<StatusSubscriber[]> {
    return this.app.subscribers.list();
  }

  @Mutation(() => AddedStatusWebhook, { description: 'Adds a webhook subscriber; its signing secret is shown once.' })
  addStatusWebhook(
    @Arg('input', () => AddStatusWebhookInput) input: AddStatusWebhookInput,
  ): Promise<AddedStatusWebhook> {
    return this.app.subscribers.addWebhook(input);
  }

  @Mutation(() => Boolean, { description: 'Deletes a subscriber and its address.' })
  deleteStatusSubscriber(@Arg('id', () => ID) id: string): Promise<boolean> {
    return this.app.subscribers.remove(parseId(id));
  }

  @Mutation(() => String, {
    description: 'Every subscriber as CSV. A mutation, so that each export of personal data is in the audit log.',
  })
  exportStatusSubscribers(): Promise<string> {
    return this.app.subscribers.csv();
  }
}
