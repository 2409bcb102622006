import { Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { JsonPayload, Topic } from '../pubsub/pubsub';

@ObjectType({ description: 'The server asks its clients to refetch what they show: they may have missed events.' })
export class ResyncSignal {
  @Field()
  at: Date;

  @Field({ description: 'Why, for the logs: "pub/sub reconnected", "server restarted", …' })
  reason: string;
}

/** One subscription every live client keeps open: a resync tells it to refetch its queries. */
@Resolver()
export class ResyncResolver {
  @Subscription(() => ResyncSignal, {
    topics: Topic.RESYNC,
    description:
      "Sent when this server's subscribers may have missed events (its Redis link came back). Refetch every query on screen.",
  })
  resync(@Root() payload: JsonPayload): ResyncSignal {
    return { at: new Date(String(payload.at)), reason: String(payload.reason) };
  }
}
