import { Actor, Urgency, assertValidRules, validationError } from '@vigil/shared';
import { Database } from '../db/data-source';
import { NotificationRule } from '../model/notification-rule.entity';
import { ContactMethod } from '../model/user.entity';

export interface RuleStep {
  contactMethodId: number;
  delayMinutes: number;
}

/** A person's notification rules: the steps of a page per urgency, set by that person only. */
export class NotificationRulesService {
  constructor(private readonly db: Database) {}

  /** The steps as saved, in the person's order; empty means the default (every verified method at once). */
  async steps(userId: number, urgency: Urgency): Promise<NotificationRule[]> {
    return this.db.dataSource
      .getRepository(NotificationRule)
      .find({ where: { userId, urgency }, order: { position: 'ASC' } });
  }

  /** Replaces your own steps for one urgency in one transaction; an empty list goes back to the default. */
  async set(actor: Actor, urgency: Urgency, steps: RuleStep[]): Promise<NotificationRule[]> {
    const userId = actor.userId;
    if (userId === null) throw validationError('urgency', 'Only a person has notification rules.');
    if (urgency !== 'HIGH' && urgency !== 'LOW') throw validationError('urgency', 'urgency must be HIGH or LOW.');
    await this.db.transaction(async (m) => {
      const mine = await m.find(ContactMethod, { where: { userId } });
      assertValidRules('steps', steps, new Set(mine.map((c) => c.id)));
      await m.delete(NotificationRule, { userId, urgency });
      for (const [position, s] of steps.entries())
        await m.insert(NotificationRule, {
          userId,
          urgency,
          contactMethodId: s.contactMethodId,
          delayMinutes: s.delayMinutes,
          position,
        });
    });
    return this.steps(userId, urgency);
  }
}
