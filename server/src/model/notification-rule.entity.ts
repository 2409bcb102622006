import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ContactMethod, User } from './user.entity';

export const RuleUrgency = { HIGH: 'HIGH', LOW: 'LOW' } as const;
export type RuleUrgency = (typeof RuleUrgency)[keyof typeof RuleUrgency];

/** One step of a person's notification rules: reach this method this many minutes into a page of this urgency. */
@Entity('notification_rule')
@Index('idx_notification_rule_user', ['userId', 'urgency', 'position'])
export class NotificationRule {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_notification_rule_user' })
  user?: User;

  @Column({ type: 'simple-enum', enum: Object.values(RuleUrgency) })
  urgency: RuleUrgency;

  @Column({ type: 'integer' })
  contactMethodId: number;

  @ManyToOne(() => ContactMethod, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contactMethodId', foreignKeyConstraintName: 'fk_notification_rule_method' })
  contactMethod?: ContactMethod;

  @Column({ type: 'integer' })
  delayMinutes: number;

  /** The order the person gave, for equal delays. */
  @Column({ type: 'integer' })
  position: number;
}
