import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Incident } from './incident.entity';

export const DeliveryChannel = {
  SLACK: 'SLACK',
  EMAIL: 'EMAIL',
  WEBHOOK: 'WEBHOOK',
  TICKET: 'TICKET',
  SMS: 'SMS',
  VOICE: 'VOICE',
  /** A Microsoft Teams channel, through its incoming webhook (an Adaptive Card). */
  TEAMS: 'TEAMS',
  PUSH: 'PUSH',
} as const;
export type DeliveryChannel = (typeof DeliveryChannel)[keyof typeof DeliveryChannel];

/**
 * PENDING → SENDING → SENT | PENDING (retry) | FAILED; SKIPPED when the channel cannot be used (not configured, the
 * method unverified, the provider refused) or the notice was held by a limit (a hand-off notice over its per-person
 * limit: `rate-limited: …`); CANCELLED when the page was answered before this step was due.
 */
export const NotificationStatus = {
  PENDING: 'PENDING',
  SENDING: 'SENDING',
  SENT: 'SENT',
  FAILED: 'FAILED',
  SKIPPED: 'SKIPPED',
  CANCELLED: 'CANCELLED',
} as const;
export type NotificationStatus = (typeof NotificationStatus)[keyof typeof NotificationStatus];

export const AttemptOutcome = { SENT: 'SENT', RETRY: 'RETRY', FAILED: 'FAILED', SKIPPED: 'SKIPPED' } as const;
export type AttemptOutcome = (typeof AttemptOutcome)[keyof typeof AttemptOutcome];

export interface StoredMessage {
  title: string;
  body: string;
  /** The incident's severity and status; null on a notice about no incident. */
  severity: string | null;
  status: string | null;
  url: string;
  /** The incident's services, primary first, and the team that owns the primary one (a ticket goes to its board). */
  services?: string[];
  team?: string | null;
  /** A status page subscriber's notice: the page's word (Investigating … Resolved). */
  publicStatus?: string | null;
}

/** One outbox row: a message to one address over one channel, delivered at most once per idempotency key. */
@ObjectType('Notification')
@Entity('notification')
@Index('uq_notification_key', ['idempotencyKey'], { unique: true })
@Index('idx_notification_due', ['status', 'nextAttemptAt'])
@Index('idx_notification_incident', ['incidentId'])
@Index('idx_notification_page', ['pageKey'])
@Index('idx_notification_reply', ['replyCode'])
export class Notification {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 300 })
  idempotencyKey: string;

  /** Null for a notice about no incident (an on-call shift starting or ending). */
  @Column({ type: 'integer', nullable: true })
  incidentId: number | null;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'fk_notification_incident' })
  incident?: Incident;

  @Field({ description: 'Why it was sent: PAGE, INCIDENT_DECLARED, INCIDENT_RESOLVED, STATUS_UPDATE_DUE …' })
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Field(() => Int, { description: 'The escalation level that fired, or 0 when this is not a page.' })
  @Column({ type: 'integer', default: 0 })
  level: number;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'integer', nullable: true })
  targetUserId: number | null;

  @Field({ description: 'Who it is for: a person, or an audience such as #incidents or the stakeholder list.' })
  @Column({ type: 'varchar', length: 200 })
  targetName: string;

  @Field(() => DeliveryChannel)
  @Column({ type: 'simple-enum', enum: Object.values(DeliveryChannel) })
  channel: DeliveryChannel;

  @Field(() => String, {
    nullable: true,
    description: 'Email address, webhook URL or Slack member; empty means the configured default.',
  })
  @Column({ type: 'varchar', length: 500, nullable: true })
  address: string | null;

  @Column({ type: 'simple-json' })
  message: StoredMessage;

  @Field(() => NotificationStatus)
  @Column({ type: 'simple-enum', enum: Object.values(NotificationStatus) })
  status: NotificationStatus;

  @Field(() => Int)
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  nextAttemptAt: Date;

  /** While SENDING: when the lease lapses unless its holder renews it (a sender that stopped renewing is presumed gone). */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil: Date | null;

  /** While SENDING: the process holding the lease, as host:pid. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  leaseOwner: string | null;

  /** Shown through NotificationResolver.lastError, masked for people other than the addressed one. */
  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;

  /**
   * The contact method a personal step uses; no foreign key: the row is history and outlives a removed method.
   */
  @Field(() => ID, { nullable: true })
  @Column({ type: 'integer', nullable: true })
  contactMethodId: number | null;

  /** Shared by every step of one page to one person, so a skip can move the next step on and an answer stop all. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  pageKey: string | null;

  /**
   * The short code an SMS reply acknowledges with (SMS and voice steps of a page). Single-use: spent when it is used
   * (an SMS reply, or the call's keypress for a voice row) and on every row of the incident's pages once the page is
   * answered; a spent code is kept marked (notify/reply-codes.ts) so a late reply with it is recognised.
   */
  @Column({ type: 'varchar', length: 12, nullable: true })
  replyCode: string | null;
}

/** Every delivery attempt, kept for the audit trail and for debugging a receiver. */
@ObjectType('NotificationAttempt')
@Entity('notification_attempt')
@Index('idx_notification_attempt_notification', ['notificationId', 'attempt'])
export class NotificationAttempt {
  @Field(() => ID)
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'integer' })
  notificationId: number;

  @ManyToOne(() => Notification, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notificationId', foreignKeyConstraintName: 'fk_notification_attempt_notification' })
  notification?: Notification;

  @Field(() => Int)
  @Column({ type: 'integer' })
  attempt: number;

  @Field()
  @Column({ type: 'datetime', precision: 3 })
  at: Date;

  @Field(() => AttemptOutcome)
  @Column({ type: 'simple-enum', enum: Object.values(AttemptOutcome) })
  outcome: AttemptOutcome;

  @Field(() => Int, { nullable: true, description: 'HTTP status or SMTP reply code; null when nothing answered.' })
  @Column({ type: 'integer', nullable: true })
  responseCode: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Field(() => Int)
  @Column({ type: 'integer' })
  durationMs: number;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due, for a RETRY.' })
  @Column({ type: 'datetime', precision: 3, nullable: true })
  retryAt: Date | null;
}
