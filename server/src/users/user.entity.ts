import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A person who responds to incidents. Access control extends this with roles and credentials. */
@ObjectType()
@Entity('user')
@Index('uq_user_email', ['email'], { unique: true })
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

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
