import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Incident } from './incident.entity';

/** Which incident an imported record became: the unique external id is what makes a re-import change nothing. */
@Entity('imported_incident')
@Index('uq_imported_incident_external', ['source', 'externalId'], { unique: true })
@Index('idx_imported_incident_incident', ['incidentId'])
export class ImportedIncident {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** PAGERDUTY_CSV or JSON. */
  @Column({ type: 'varchar', length: 40 })
  source: string;

  @Column({ type: 'varchar', length: 200 })
  externalId: string;

  @Column({ type: 'integer' })
  incidentId: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incidentId', foreignKeyConstraintName: 'fk_imported_incident_incident' })
  incident?: Incident;

  @Column({ type: 'datetime', precision: 3 })
  importedAt: Date;
}
