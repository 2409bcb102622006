import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Something that can break: a component on the status page, a target for alerts and deployments. */
@ObjectType('Service')
@Entity('service')
@Index('uq_service_name', ['name'], { unique: true })
export class ServiceEntity {
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
}
