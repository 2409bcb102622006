import { registerEnumType } from 'type-graphql';
import {
  ActorKind, IncidentSource, IncidentStatus, NotifyAudience, PublicStatus, Role, Severity, SlaState, TimelineEventType,
} from '@vigil/shared';
import { ContactKind } from '../users/user.entity';

// The enum objects live in @vigil/shared so server and web spell them the same way.
registerEnumType(Severity, { name: 'Severity', description: 'P0 critical … P3 low, per the procedure.' });
registerEnumType(IncidentStatus, { name: 'IncidentStatus' });
registerEnumType(IncidentSource, { name: 'IncidentSource', description: 'How the incident was detected.' });
registerEnumType(PublicStatus, { name: 'PublicStatus', description: 'The status page word for an incident.' });
registerEnumType(SlaState, { name: 'SlaState' });
registerEnumType(NotifyAudience, { name: 'NotifyAudience' });
registerEnumType(TimelineEventType, { name: 'TimelineEventType' });
registerEnumType(ActorKind, { name: 'ActorKind' });
registerEnumType(Role, { name: 'Role', description: 'VIEWER < RESPONDER < LEAD < ADMIN' });
registerEnumType(ContactKind, { name: 'ContactKind' });
