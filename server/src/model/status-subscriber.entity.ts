import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type StatusSubscriberKind = 'EMAIL' | 'WEBHOOK';

/**
 * Someone who hears of what the public status page shows (issue 20): an email address (heard only once confirmed)
 * or a webhook an admin added. Personal data: only admins read it (QUERY_ACCESS), and unsubscribing deletes it.
 */
@ObjectType('StatusSubscriber')
@Entity('status_subscriber')
@Index('uq_status_subscriber_address', ['addressKey'], { unique: true })
export class StatusSubscriber {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Field(() => String, { description: 'EMAIL or WEBHOOK.' })
  @Column({ type: 'varchar', length: 10 })
  kind: StatusSubscriberKind;

  @Field({ description: 'The email address (lower case) or the webhook URL.' })
  @Column({ type: 'varchar', length: 2000 })
  address: string;

  /** sha256 of kind and address: unique, where the address itself is too long for an index on MariaDB. */
  @Column({ type: 'varchar', length: 64 })
  addressKey: string;

  @Field(() => [String], { nullable: true, description: 'The components chosen by name; null: every component.' })
  @Column({ type: 'simple-json', nullable: true })
  components: string[] | null;

  @Field(() => String, { nullable: true, description: 'A webhook’s name, given by the admin who added it.' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  label: string | null;

  /** Null until the address's owner confirms it; a webhook is confirmed when an admin adds it. */
  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  confirmedAt: Date | null;

  /** When the last confirmation email was queued: at most one an hour. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  confirmationSentAt: Date | null;

  /** In the confirmation link's MAC; replaced with every confirmation sent, cleared on use (the link works once). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  confirmNonce: string | null;

  /** In the MACs of the unsubscribe link and of a webhook's signing secret, which are never stored. */
  @Column({ type: 'varchar', length: 64 })
  salt: string;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
