import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ActorKind } from '@vigil/shared';
import { Team, User } from './user.entity';

export const ApiTokenKind = { PERSONAL: 'PERSONAL', WALL: 'WALL', BOOTSTRAP: 'BOOTSTRAP' } as const;
export type ApiTokenKind = (typeof ApiTokenKind)[keyof typeof ApiTokenKind];

/** A machine credential. Only a hash of the secret is kept; the secret is shown once, at creation. */
@ObjectType()
@Entity('api_token')
@Index('uq_api_token_hash', ['tokenHash'], { unique: true })
@Index('idx_api_token_user', ['userId'])
@Index('idx_api_token_team', ['teamId'])
export class ApiToken {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => ID)
  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_api_token_user' })
  user?: User;

  @Field(() => ApiTokenKind)
  @Column({ type: 'simple-enum', enum: Object.values(ApiTokenKind) })
  kind: ApiTokenKind;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Field({ description: 'The first characters of the secret, to recognise it.' })
  @Column({ type: 'varchar', length: 12 })
  prefix: string;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;

  /** A wall token's team (issue 7: teams own walls); its wall shows that team's incidents. */
  @Column({ type: 'integer', nullable: true })
  teamId: number | null;

  @ManyToOne(() => Team, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'teamId', foreignKeyConstraintName: 'fk_api_token_team' })
  team?: Team | null;
}

/** A signed-in browser: the cookie holds the secret, the row its hash and its clocks. */
@ObjectType({ description: 'A signed-in browser of yours (mySessions).' })
@Entity('session')
@Index('uq_session_hash', ['tokenHash'], { unique: true })
@Index('idx_session_user', ['userId'])
export class Session {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_session_user' })
  user?: User;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Field({ description: 'When you signed in.' })
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field({ description: 'The last request, to the minute.' })
  @Column({ type: 'datetime', precision: 3 })
  lastSeenAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The address it signed in from.' })
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;
}

/** Who did what, when, from where: one row per allowed mutation, one row per minute for identical refusals. */
@ObjectType()
@Entity('audit_log')
@Index('idx_audit_at', ['at'])
@Index('idx_audit_actor', ['actorId', 'at'])
export class AuditEntry {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Field(() => ActorKind)
  @Column({ type: 'varchar', length: 20 })
  actorKind: ActorKind;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  actorName: string;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  @Field({ description: 'The mutation called.' })
  @Column({ type: 'varchar', length: 100 })
  action: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Arguments, with secrets removed.' })
  @Column({ type: 'simple-json', nullable: true })
  args: Record<string, unknown> | null;

  @Field({ description: 'OK, or the error code that refused it.' })
  @Column({ type: 'varchar', length: 40 })
  outcome: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Field({ description: 'HTTP or WEBSOCKET.' })
  @Column({ type: 'varchar', length: 12 })
  transport: string;

  @Field(() => Int, {
    description:
      'How many attempts this row stands for: identical refusals (same minute, address, mutation, outcome and caller) share one row.',
  })
  @Column({ type: 'integer', default: 1 })
  count: number;

  /** A refusal's minute, address, mutation, outcome and caller, hashed; null for an allowed attempt (its own row). */
  @Index('uq_audit_aggregate', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  aggregateKey: string | null;
}
