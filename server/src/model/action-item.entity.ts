import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ActionItemCategory, ActionItemStatus } from '@vigil/shared';
import { User } from './user.entity';
import { Postmortem } from './postmortem.entity';

/** A follow-up from a post-mortem, owned by one person and tracked to completion. */
@ObjectType()
@Entity('action_item')
@Index('idx_action_item_postmortem', ['postmortemId'])
@Index('idx_action_item_owner_status', ['ownerId', 'status'])
@Index('idx_action_item_status_due', ['status', 'dueAt'])
export class ActionItem {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => ID)
  @Column({ type: 'integer' })
  postmortemId: number;

  @ManyToOne(() => Postmortem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'postmortemId', foreignKeyConstraintName: 'fk_action_item_postmortem' })
  postmortem?: Postmortem;

  @Field(() => ActionItemCategory)
  @Column({ type: 'simple-enum', enum: Object.values(ActionItemCategory) })
  category: ActionItemCategory;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Field(() => ID)
  @Column({ type: 'integer' })
  ownerId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ownerId', foreignKeyConstraintName: 'fk_action_item_owner' })
  owner?: User;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  dueAt: Date;

  @Field(() => ActionItemStatus)
  @Column({ type: 'simple-enum', enum: Object.values(ActionItemStatus) })
  status: ActionItemStatus;

  @Field(() => String, { nullable: true, description: "Why the item won't be done (set with WONT_DO)." })
  @Column({ type: 'text', nullable: true })
  wontDoReason: string | null;

  @Field(() => String, { nullable: true, description: 'Link to the item in an external ticket system.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  ticketUrl: string | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When it became DONE or WONT_DO; null while open.' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'integer', default: 1 })
  version: number;
}
