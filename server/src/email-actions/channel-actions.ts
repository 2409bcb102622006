import { Actor, ActionLinkAction, DomainError, ErrorCode, assertMayCall } from '@vigil/shared';
import { EscalationService } from '../escalation/escalation.service';
import { Incident } from '../incidents/incident.entity';
import { IncidentService } from '../incidents/incident.service';
import { User } from '../users/user.entity';

/** Where a person acted from, recorded on the timeline as `data.via`. */
export type ActionChannel = 'slack' | 'email';

const CHANNEL_NAMES: Record<ActionChannel, string> = { slack: 'Slack', email: 'an email link' };

/**
 * Acknowledge and escalate on behalf of a person reached outside Vigil (Slack, email): with that person's own
 * permissions, and with the channel written on the timeline line of the change.
 */
export class ChannelActions {
  /** Actors built here, with their channel; the hook below reads it inside the change's transaction. */
  private readonly channels = new WeakMap<Actor, ActionChannel>();

  constructor(private readonly incidents: IncidentService, private readonly escalation: () => EscalationService) {
    incidents.addHook(async (change) => {
      const via = this.channels.get(change.actor);
      if (!via) return;
      for (const event of change.events) {
        event.data = { ...(event.data ?? {}), via };
        await change.manager.save(event);
      }
    });
  }

  /** The person as an actor; FORBIDDEN when the account is deactivated. */
  actorFor(user: User, via: ActionChannel): Actor {
    if (!user.active) throw new DomainError(ErrorCode.FORBIDDEN, 'This Vigil account is deactivated.');
    const actor: Actor = { kind: 'USER', name: user.name, userId: user.id, role: user.role };
    this.channels.set(actor, via);
    return actor;
  }

  /** Performs the action as `user`, checked against the same permission matrix as the GraphQL mutation. */
  async perform(user: User, action: ActionLinkAction, incidentId: number, via: ActionChannel): Promise<Incident> {
    const actor = this.actorFor(user, via);
    if (action === 'ACKNOWLEDGE') {
      assertMayCall(actor.role, 'acknowledgeIncident');
      return this.incidents.acknowledge(incidentId, actor);
    }
    assertMayCall(actor.role, 'escalateIncident');
    // The escalation engine writes its own ESCALATED line (not through the hook above): it takes the channel itself.
    return this.escalation().escalate(incidentId, `Escalated by ${user.name} from ${CHANNEL_NAMES[via]}`, actor, { via });
  }

  /** Declares an incident as `user` (the Slack slash command). */
  async declare(user: User, severity: 'P0' | 'P1' | 'P2' | 'P3', title: string, via: ActionChannel): Promise<Incident> {
    const actor = this.actorFor(user, via);
    assertMayCall(actor.role, 'declareIncident');
    return this.incidents.declare({ title, severity, source: 'USER_REPORT', summary: `Declared from ${CHANNEL_NAMES[via]} by ${user.name}.` }, actor);
  }
}
