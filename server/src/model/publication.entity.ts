import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { ComponentState, PublicationDecidedBy, PublicationState } from '@vigil/shared';
import { Incident } from './incident.entity';

/**
 * Whether an incident is on the public status page, and as what (shared/src/domain/publication.ts). Written when
 * the incident is declared (the default by severity) and whenever a responder publishes or unpublishes it.
 */
@Entity('incident_publication')
export class IncidentPublication {
  @PrimaryColumn({ type: 'integer' })
  incidentId: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'fk_incident_publication_incident' })
  incident?: Incident;

  @Column({ type: 'varchar', length: 20 })
  state: PublicationState;

  @Column({ type: 'varchar', length: 20 })
  decidedBy: PublicationDecidedBy;

  /** The public title a responder chose; null: the neutral one (impact and components). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

  /** The impact a responder chose; null: the severity's. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  impact: ComponentState | null;

  @Column({ type: 'datetime', precision: 3 })
  decidedAt: Date;

  /** The responder who decided last; null for the default. */
  @Column({ type: 'integer', nullable: true })
  decidedById: number | null;
}
