import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';
import { Schedule } from './oncall.entity';

/**
 * A secret calendar feed URL: one person's shifts across schedules (userId) or one schedule's (scheduleId), never
 * both. Only a hash of the secret is kept; the URL is shown once, and a new one replaces the old (one row each).
 */
@ObjectType({ description: 'A secret calendar feed (its URL is shown only when it is made).' })
@Entity('calendar_feed')
@Index('uq_calendar_feed_hash', ['tokenHash'], { unique: true })
@Index('uq_calendar_feed_user', ['userId'], { unique: true })
@Index('uq_calendar_feed_schedule', ['scheduleId'], { unique: true })
export class CalendarFeed {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** A personal feed: this person's shifts in every schedule. */
  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_calendar_feed_user' })
  user?: User | null;

  /** A schedule's feed: everyone's shifts in it. */
  @Column({ type: 'integer', nullable: true })
  scheduleId: number | null;

  @ManyToOne(() => Schedule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scheduleId', foreignKeyConstraintName: 'fk_calendar_feed_schedule' })
  schedule?: Schedule | null;

  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Field({ description: 'The first characters of the secret, to recognise the URL.' })
  @Column({ type: 'varchar', length: 12 })
  prefix: string;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When a calendar last fetched it (written at most once a minute).',
  })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastUsedAt: Date | null;
}
