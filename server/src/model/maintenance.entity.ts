import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ServiceEntity } from './service.entity';

/** Planned (or immediate) maintenance of one service: its alerts are recorded but page nobody meanwhile. */
@ObjectType()
@Entity('maintenance_window')
@Index('idx_maintenance_service_start', ['serviceId', 'startsAt'])
export class MaintenanceWindow {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => ID)
  @Column({ type: 'integer' })
  serviceId: number;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'serviceId', foreignKeyConstraintName: 'fk_maintenance_service' })
  service?: ServiceEntity;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  startsAt: Date;

  @Field(() => Date, { nullable: true, description: 'Exclusive end; null while open-ended (immediate maintenance).' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  endsAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason: string | null;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  createdBy: string;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
