import { Query, Resolver, Subscription } from 'type-graphql';
import { Topic } from '../pubsub/pubsub';
import { PublicStatusPage } from './statuspage.types';
import { StatusPageService } from './statuspage.service';

/** The services StatusPageResolver uses. */
interface StatusPageResolverDeps {
  readonly statusPage: StatusPageService;
}

/** The public status page over GraphQL: no login, only published information. */
@Resolver()
export class StatusPageResolver {
  constructor(private readonly app: StatusPageResolverDeps) {}

  @Query(() => PublicStatusPage, {
    description: 'The public status page: components, active and recent incidents, public updates only.',
  })
  publicStatus(): Promise<PublicStatusPage> {
    // The same snapshot as the JSON, the feed and the live stream: anonymous readers cannot make it rebuild per request.
    return this.app.statusPage.snapshot();
  }

  @Subscription(() => PublicStatusPage, {
    topics: Topic.PUBLIC_STATUS_CHANGED,
    description:
      'The whole public page again whenever something on it changes (declare, status, severity, public update).',
  })
  publicStatusChanged(): Promise<PublicStatusPage> {
    // The event may arrive (through Redis) before this replica's snapshot heard of it: a build that includes it.
    return this.app.statusPage.afterChange();
  }
}
