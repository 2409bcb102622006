import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PostmortemFacts, PostmortemStatus, PostmortemTimelineEntry, PostmortemTimelineKind } from '@vigil/shared';
import { Incident } from './incident.entity';
import { PostmortemFactsView } from './postmortem-facts';
import { User } from './user.entity';

/** One line of the post-mortem's own timeline (pre-filled from the incident, then edited). */
@ObjectType('PostmortemTimelineEntry')
class PostmortemTimelineEntryView implements PostmortemTimelineEntry {
  @Field({ description: 'ISO 8601 instant.' })
  at: string;

  @Field(() => PostmortemTimelineKind)
  kind: PostmortemTimelineKind;

  @Field()
  text: string;
}

/** A post-mortem per the procedure's template; one per incident. */
@ObjectType('Postmortem')
@Entity('postmortem')
@Index('uq_postmortem_incident', ['incidentId'], { unique: true })
@Index('idx_postmortem_status_due', ['status', 'dueAt'])
export class Postmortem {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => ID)
  @Column({ type: 'integer' })
  incidentId: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'fk_postmortem_incident' })
  incident?: Incident;

  @Field(() => PostmortemStatus)
  @Column({ type: 'simple-enum', enum: Object.values(PostmortemStatus) })
  status: PostmortemStatus;

  @Field({ description: 'Summary: title (from the incident, editable).' })
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field(() => String, { nullable: true, description: 'Summary: users and services affected, in words.' })
  @Column({ type: 'text', nullable: true })
  impactSummary: string | null;

  @Field(() => [PostmortemTimelineEntryView], {
    description: 'Detection, acknowledgement, investigation, mitigation, resolution.',
  })
  @Column({ type: 'simple-json' })
  timeline: PostmortemTimelineEntry[];

  @Field(() => PostmortemFactsView, {
    nullable: true,
    description: "The facts from the incident's timeline, regenerated on every change until published.",
  })
  @Column({ type: 'simple-json', nullable: true })
  facts: PostmortemFacts | null;

  /** Who writes it: assigned, notified, reminded when overdue. */
  @Field(() => ID, { nullable: true })
  @Column({ type: 'integer', nullable: true })
  ownerId: number | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'ownerId', foreignKeyConstraintName: 'fk_postmortem_owner' })
  owner?: User;

  /** Who reviews it before it is published (user ids). */
  @Column({ type: 'simple-json', nullable: true })
  reviewerIds: number[] | null;

  @Field(() => String, { nullable: true, description: 'Root cause: what happened.' })
  @Column({ type: 'text', nullable: true })
  whatHappened: string | null;

  @Field(() => String, { nullable: true, description: 'Root cause: why it happened.' })
  @Column({ type: 'text', nullable: true })
  whyItHappened: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  contributingFactors: string | null;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'integer', nullable: true })
  usersAffected: number | null;

  @Field(() => Float, { nullable: true, description: 'Users affected as a percentage of all users (0–100).' })
  @Column({ type: 'double', nullable: true })
  usersAffectedPercent: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  revenueImpact: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reputationImpact: string | null;

  @Field({ description: 'The incident’s last resolution; the due date counts from here.' })
  @Column({ type: 'datetime', precision: 3 })
  resolvedAt: Date;

  @Field({ description: '48 hours after resolution (P0/P1), or after the request (a post-mortem asked for).' })
  @Column({ type: 'datetime', precision: 3 })
  dueAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt: Date | null;

  /** When the overdue sweep announced this post-mortem as overdue, so it is announced once. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  overdueNotifiedAt: Date | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'integer', default: 1 })
  version: number;
}
