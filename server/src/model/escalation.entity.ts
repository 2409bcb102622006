import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { EscalationLevel, EscalationPolicySpec } from '@vigil/shared';
import { Incident } from './incident.entity';
import { Team } from './user.entity';

/** Ordered levels of whom to page; the default policy applies to every new incident. */
@ObjectType()
@Entity('escalation_policy')
@Index('uq_escalation_policy_name', ['name'], { unique: true })
@Index('idx_escalation_policy_team', ['teamId'])
export class EscalationPolicy {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field({ description: 'New incidents escalate along the default policy.' })
  @Column({ type: 'boolean', default: false })
  isDefault: boolean;

  @Field(() => Int, {
    name: 'repeat',
    description: 'How many times the ladder restarts from level 1 after the last level goes unanswered.',
  })
  @Column({ type: 'integer', default: 0 })
  repeatCount: number;

  @Column({ type: 'simple-json' })
  levels: EscalationLevel[];

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  /** The owning team (issue 7); null when no team owns it. Team-scoped roles apply through it. */
  @Column({ type: 'integer', nullable: true })
  teamId: number | null;

  @ManyToOne(() => Team, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'teamId', foreignKeyConstraintName: 'fk_escalation_policy_team' })
  team?: Team | null;
}

/**
 * The live ladder of one incident. `nextAt` is the durable timer: the engine claims rows whose `nextAt` has passed,
 * fires the level and moves `nextAt` on in one transaction, guarded by `version`.
 */
@Entity('incident_escalation')
@Index('uq_incident_escalation', ['incidentId'], { unique: true })
@Index('idx_incident_escalation_due', ['active', 'nextAt'])
export class IncidentEscalation {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  incidentId: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'fk_incident_escalation_incident' })
  incident?: Incident;

  @Column({ type: 'integer', nullable: true })
  policyId: number | null;

  @Column({ type: 'varchar', length: 100 })
  policyName: string;

  /** The policy as it was when paging started, so editing a policy never reshuffles a running ladder. */
  @Column({ type: 'simple-json' })
  policy: EscalationPolicySpec;

  /** Bumped each time paging (re)starts, so a reopened incident's pages get fresh idempotency keys. */
  @Column({ type: 'integer', default: 1 })
  cycle: number;

  /** The last level fired (0: none yet). */
  @Column({ type: 'integer', default: 0 })
  level: number;

  @Column({ type: 'integer', default: 0 })
  round: number;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastFiredAt: Date | null;

  /** When the last level was due: its timeout counts from here (detection on declare), not from when it fired. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  clockAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  lastPagedCount: number;

  @Column({ type: 'integer', nullable: true })
  nextLevel: number | null;

  @Column({ type: 'integer', default: 0 })
  nextRound: number;

  @Column({ type: 'varchar', length: 20, nullable: true })
  nextReason: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextAt: Date | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** The last page has not been answered (acknowledged, accepted, or the incident moved on) since it was sent. */
  @Column({ type: 'boolean', default: false })
  awaitingAnswer: boolean;

  /** Set by a manual reassignment: the person now responsible. */
  @Column({ type: 'integer', nullable: true })
  assigneeUserId: number | null;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
