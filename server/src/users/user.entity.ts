import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '@vigil/shared';
import { EscalationPolicy } from '../escalation/escalation.entity';

/** A person who responds to incidents. Columns only: rules about roles live in shared/src/domain/permissions.ts. */
@ObjectType()
@Entity('user')
@Index('uq_user_email', ['email'], { unique: true })
@Index('uq_user_slack', ['slackUserId'], { unique: true })
export class User {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Field()
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Field()
  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timeZone: string;

  @Field(() => Role)
  @Column({ type: 'simple-enum', enum: Object.values(Role), default: 'RESPONDER' })
  role: Role;

  /** argon2id hash (bcrypt from before, until its next sign-in); null for people who never sign in (paged only). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  passwordHash: string | null;

  @Field()
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  slackUserId: string | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

export const ContactKind = { EMAIL: 'EMAIL', SLACK: 'SLACK', SMS: 'SMS', WEBHOOK: 'WEBHOOK' } as const;
export type ContactKind = (typeof ContactKind)[keyof typeof ContactKind];

/** One way to reach a person: an email address, a Slack member id, a phone number, a webhook URL. */
@ObjectType()
@Entity('contact_method')
@Index('idx_contact_user', ['userId'])
export class ContactMethod {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => ID)
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_contact_user' })
  user?: User;

  @Field(() => ContactKind)
  @Column({ type: 'simple-enum', enum: Object.values(ContactKind) })
  kind: ContactKind;

  @Field()
  @Column({ type: 'varchar', length: 500 })
  address: string;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** A team: owns services, schedules and escalation policies. */
@ObjectType()
@Entity('team')
@Index('uq_team_name', ['name'], { unique: true })
@Index('idx_team_escalation_policy', ['escalationPolicyId'])
export class Team {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  /** The policy the team's services follow unless a service names its own (issue 16); null: the global default. */
  @Column({ type: 'integer', nullable: true })
  escalationPolicyId: number | null;

  @ManyToOne(() => EscalationPolicy, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'escalationPolicyId', foreignKeyConstraintName: 'fk_team_escalation_policy' })
  escalationPolicy?: EscalationPolicy | null;
}

@Entity('team_member')
@Index('idx_team_member_user', ['userId'])
export class TeamMember {
  @PrimaryColumn({ type: 'integer' })
  teamId: number;

  @PrimaryColumn({ type: 'integer' })
  userId: number;

  @Column({ type: 'boolean', default: false })
  isLead: boolean;

  /** The member's role for resources the team owns, on top of their global role (issue 7); null: none. */
  @Column({ type: 'simple-enum', enum: Object.values(Role), nullable: true })
  role: Role | null;

  @ManyToOne(() => Team, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'teamId', foreignKeyConstraintName: 'fk_team_member_team' })
  team?: Team;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_team_member_user' })
  user?: User;
}
