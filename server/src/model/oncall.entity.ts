import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OverrideKind, ShiftUnit } from '@vigil/shared';
import { Team } from './user.entity';

/** An on-call schedule: rotations plus time-boxed overrides. */
@ObjectType()
@Entity('schedule')
@Index('uq_schedule_name', ['name'], { unique: true })
@Index('idx_schedule_team', ['teamId'])
export class Schedule {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description: string | null;

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
  @JoinColumn({ name: 'teamId', foreignKeyConstraintName: 'fk_schedule_team' })
  team?: Team | null;
}

/** Participants take turns; shifts hand off at a local time in the rotation's time zone. */
@ObjectType()
@Entity('schedule_rotation')
@Index('idx_rotation_schedule', ['scheduleId'])
export class Rotation {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => ID)
  @Column({ type: 'integer' })
  scheduleId: number;

  @ManyToOne(() => Schedule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scheduleId', foreignKeyConstraintName: 'fk_rotation_schedule' })
  schedule?: Schedule;

  @Field()
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => ShiftUnit)
  @Column({ type: 'simple-enum', enum: Object.values(ShiftUnit) })
  shiftUnit: ShiftUnit;

  @Field(() => Int, { description: 'Shift length in units of shiftUnit, e.g. 12 with HOURLY.' })
  @Column({ type: 'integer' })
  shiftCount: number;

  @Field({ description: 'Local hand-off time, HH:mm, in timeZone.' })
  @Column({ type: 'varchar', length: 5 })
  handoffTime: string;

  @Field({ description: 'IANA time zone, e.g. Europe/Berlin.' })
  @Column({ type: 'varchar', length: 64 })
  timeZone: string;

  @Field({ description: 'Local date (YYYY-MM-DD) of the first hand-off.' })
  @Column({ type: 'varchar', length: 10 })
  startDate: string;

  /** User ids in turn order. */
  @Column({ type: 'simple-json' })
  participantIds: number[];

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}

/** A time-boxed exception: add, remove or replace a person for [startsAt, endsAt). */
@ObjectType()
@Entity('schedule_override')
@Index('idx_override_schedule', ['scheduleId', 'endsAt'])
export class ScheduleOverride {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => ID)
  @Column({ type: 'integer' })
  scheduleId: number;

  @ManyToOne(() => Schedule, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scheduleId', foreignKeyConstraintName: 'fk_override_schedule' })
  schedule?: Schedule;

  @Field(() => OverrideKind)
  @Column({ type: 'simple-enum', enum: Object.values(OverrideKind) })
  kind: OverrideKind;

  @Field(() => ID, { description: 'Who comes on call (ADD, REPLACE) or goes off (REMOVE).' })
  @Column({ type: 'integer' })
  userId: number;

  @Field(() => ID, { nullable: true, description: 'REPLACE only: who is replaced.' })
  @Column({ type: 'integer', nullable: true })
  replacedUserId: number | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  startsAt: Date;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  endsAt: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
