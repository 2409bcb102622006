import { ServiceEntity } from '../catalog/service.entity';
import { Incident } from '../incidents/incident.entity';
import { TimelineEvent } from '../incidents/timeline-event.entity';
import { ContactMethod, Team, TeamMember, User } from '../users/user.entity';

export const entities = [
  User,
  ContactMethod,
  Team,
  TeamMember,
  ServiceEntity,
  Incident,
  TimelineEvent,
];
