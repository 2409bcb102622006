import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '@vigil/shared';
import { EscalationPolicy } from './escalation.entity';

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

export const ContactKind = {
  EMAIL: 'EMAIL',
  SLACK: 'SLACK',
  SMS: 'SMS',
  WEBHOOK: 'WEBHOOK',
  VOICE: 'VOICE',
  PUSH: 'PUSH',
} as const;
export type ContactKind = (typeof ContactKind)[keyof typeof ContactKind];

/**
 * One way to reach a person: an email address, a Slack member id, a phone number, a webhook URL, a browser's push
 * subscription (its endpoint as the address).
 */
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

  /** Null until the person entered the code sent to it; only verified methods are paged (issue 18). */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  verifiedAt: Date | null;

  /** HMAC of the code last sent (never the code); null when none is outstanding. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  codeHash: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  codeExpiresAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the last verification code was sent.' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  codeSentAt: Date | null;

  /** Wrong codes entered against the outstanding code. */
  @Column({ type: 'integer', default: 0 })
  codeAttempts: number;

  /** A push subscription's P-256 public key (base64url), with which pages to it are encrypted. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  pushP256dh: string | null;

  /** A push subscription's auth secret (base64url). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  pushAuth: string | null;

  /** When the provider said this method is gone for good (a push subscription answered 404/410); null: usable. */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  unusableAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why pages skip this method (the provider said it is gone).' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  unusableReason: string | null;
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

  /**
   * The Microsoft Teams incoming webhook the team's incidents are announced to (issue 18); null: the global one
   * (VIGIL_TEAMS_WEBHOOK_URL). Anyone holding it can post to the channel: never a GraphQL field, only whether set.
   */
  @Column({ type: 'varchar', length: 500, nullable: true })
  teamsWebhookUrl: string | null;
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
