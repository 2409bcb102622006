import { Actor, ActionLinkAction, DomainError, ErrorCode, assertMayCall } from '@vigil/shared';
import { EscalationService } from '../escalation';
import { Incident } from '../model/incident.entity';
import { IncidentService } from '../incidents';
import { User } from '../model/user.entity';

/** Where a person acted from, recorded on the timeline as `data.via`. */
export type ActionChannel = 'slack' | 'email' | 'sms' | 'voice' | 'push';

const CHANNEL_NAMES: Record<ActionChannel, string> = {
  slack: 'Slack',
  email: 'an email link',
  sms: 'an SMS reply',
  voice: 'a phone call',
  push: 'a push notification',
};

/**
 * Acknowledge and escalate on behalf of a person reached outside Vigil (Slack, email): with that person's own
 * permissions, and with the channel in the command (`actor.via`), which every timeline line of the change carries.
 */
export class ChannelActions {
  constructor(
    private readonly incidents: IncidentService,
    private readonly escalation: EscalationService,
  ) {}

  /** The person as an actor acting from `via`; FORBIDDEN when the account is deactivated. */
  actorFor(user: User, via: ActionChannel): Actor {
    if (!user.active) throw new DomainError(ErrorCode.FORBIDDEN, 'This Vigil account is deactivated.');
    return { kind: 'USER', name: user.name, userId: user.id, role: user.role, via };
  }

  /** Performs the action as `user`, checked against the same permission matrix as the GraphQL mutation. */
  async perform(user: User, action: ActionLinkAction, incidentId: number, via: ActionChannel): Promise<Incident> {
    const actor = this.actorFor(user, via);
    if (action === 'ACKNOWLEDGE') {
      assertMayCall(actor.role, 'acknowledgeIncident');
      return this.incidents.acknowledge(incidentId, actor);
    }
    assertMayCall(actor.role, 'escalateIncident');
    return this.escalation.escalate(incidentId, `Escalated by ${user.name} from ${CHANNEL_NAMES[via]}`, actor);
  }

  /** Declares an incident as `user` (the Slack slash command). */
  async declare(user: User, severity: 'P0' | 'P1' | 'P2' | 'P3', title: string, via: ActionChannel): Promise<Incident> {
    const actor = this.actorFor(user, via);
    assertMayCall(actor.role, 'declareIncident');
    return this.incidents.declare(
      { title, severity, source: 'USER_REPORT', summary: `Declared from ${CHANNEL_NAMES[via]} by ${user.name}.` },
      actor,
    );
  }
}
