import { ServiceEntity } from '../catalog/service.entity';
import { Incident } from '../incidents/incident.entity';
import { TimelineEvent } from '../incidents/timeline-event.entity';
import { User } from '../users/user.entity';

export const entities = [User, ServiceEntity, Incident, TimelineEvent];
