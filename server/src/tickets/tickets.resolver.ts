import { Arg, Field, FieldResolver, ID, Int, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import { TicketSyncState, TicketTrackerKind, ticketSyncSummary } from '@vigil/shared';
import { parseId } from '../graphql/ids';
import { ActionItem } from '../model/action-item.entity';
import { TicketTracker } from '../model/ticket.entity';
import { Team } from '../model/user.entity';
import { TicketService } from './tickets.service';

@ObjectType({ description: "An action item's ticket in its team's tracker, and how far the sync got." })
export class TicketSync {
  @Field(() => TicketTrackerKind)
  tracker: TicketTrackerKind;

  @Field()
  repository: string;

  @Field(() => Int, { nullable: true, description: 'The issue number; null until the tracker created it.' })
  number: number | null;

  @Field(() => String, { nullable: true })
  url: string | null;

  @Field(() => TicketSyncState)
  state: TicketSyncState;

  @Field({ description: 'The ticket exists and has the item’s state.' })
  synced: boolean;

  @Field(() => String, { nullable: true, description: 'Why it is not yet synced (the tracker’s answer, or waiting).' })
  reason: string | null;

  @Field(() => Date, { nullable: true })
  syncedAt: Date | null;
}

interface TicketsResolverDeps {
  readonly tickets: TicketService;
}

/** Thin: an item's ticket, asking for a sync again. */
@Resolver(() => ActionItem)
export class ActionItemTicketResolver {
  constructor(private readonly app: TicketsResolverDeps) {}

  @FieldResolver(() => TicketSync, { nullable: true, description: 'Null when the item has no tracker.' })
  async ticket(@Root() item: ActionItem): Promise<TicketSync | null> {
    const link = await this.app.tickets.linkOf(item.id);
    if (!link) return null;
    return {
      tracker: link.kind,
      repository: link.repository,
      number: link.number,
      url: link.url,
      state: link.state,
      ...ticketSyncSummary(link),
      syncedAt: link.syncedAt,
    };
  }

  @Mutation(() => ActionItem, {
    description: 'Queues the item’s ticket sync again: after the tracker refused it, or once a tracker was set.',
  })
  retryTicketSync(@Arg('actionItemId', () => ID) actionItemId: string): Promise<ActionItem> {
    return this.app.tickets.retry(parseId(actionItemId, 'actionItemId'));
  }
}

/** A team's tracker: shown to everyone signed in, set by admins. */
@Resolver(() => Team)
export class TeamTicketTrackerResolver {
  constructor(private readonly app: TicketsResolverDeps) {}

  @FieldResolver(() => TicketTracker, { nullable: true, description: 'Where this team’s action items become tickets.' })
  ticketTracker(@Root() team: Team): Promise<TicketTracker | null> {
    return this.app.tickets.teamTracker(team.id);
  }

  @Mutation(() => TicketTracker, {
    nullable: true,
    description: 'Sets the GitHub repository (owner/name) a team’s action items go to; null removes it. Admins only.',
  })
  setTeamTicketTracker(
    @Arg('teamId', () => ID) teamId: string,
    @Arg('repository', () => String, { nullable: true }) repository: string | null,
  ): Promise<TicketTracker | null> {
    return this.app.tickets.setTeamTracker(parseId(teamId, 'teamId'), repository ?? null);
  }
}
