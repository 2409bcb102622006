import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Context } from '../graphql/context';
import { ContactMethod } from '../model/user.entity';
import { PushSubscriptions } from './push.service';

/** The services PushResolver uses. */
interface PushResolverDeps {
  readonly push: PushSubscriptions;
}

/** Web Push: the server's public key, and subscribing this browser to your pages. */
@Resolver()
export class PushResolver {
  constructor(private readonly app: PushResolverDeps) {}

  @Query(() => String, {
    description: "The server's VAPID public key (base64url): a browser subscribes to pages with it.",
  })
  webPushPublicKey(): Promise<string> {
    return this.app.push.publicKey();
  }

  @Mutation(() => ContactMethod, {
    description:
      "Stores this browser's push subscription (PushSubscription.toJSON()) as your PUSH contact method, verified; " +
      'subscribing the same endpoint again updates it.',
  })
  subscribePush(
    @Arg('endpoint') endpoint: string,
    @Arg('p256dh') p256dh: string,
    @Arg('auth') auth: string,
    @Ctx() ctx: Context,
  ): Promise<ContactMethod> {
    return this.app.push.subscribe({ endpoint, p256dh, auth }, ctx.actor);
  }
}
