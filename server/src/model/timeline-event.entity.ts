import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ActorKind, TimelineEventType } from '@vigil/shared';
import { Incident } from './incident.entity';

/** One line of an incident's timeline: who did what, when, through which channel. */
@ObjectType()
@Entity('timeline_event')
@Index('idx_timeline_incident', ['incidentId', 'id'])
@Index('idx_timeline_at', ['at'])
export class TimelineEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => ID)
  @Column({ type: 'integer' })
  incidentId: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'fk_timeline_incident' })
  incident?: Incident;

  @Field(() => TimelineEventType)
  @Column({ type: 'varchar', length: 40 })
  type: TimelineEventType;

  @Field()
  @Column({ type: 'text' })
  message: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  actorName: string;

  @Field(() => ActorKind)
  @Column({ type: 'varchar', length: 20 })
  actorKind: ActorKind;

  @Column({ type: 'integer', nullable: true })
  actorId: number | null;

  /** Public events (status updates marked public) are the only ones the status page may show. */
  @Field()
  @Column({ type: 'boolean', default: false })
  public: boolean;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Field(() => GraphQLJSONObject, { nullable: true })
  @Column({ type: 'simple-json', nullable: true })
  data: Record<string, unknown> | null;
}
