import { IncidentCore1764370000000 } from './1764370000000-IncidentCore';
import { PeopleAndTeams1764375000000 } from './1764375000000-PeopleAndTeams';
import { AccessControl1764376000000 } from './1764376000000-AccessControl';
import { PostIncident1764380000000 } from './1764380000000-PostIncident';
import { AlertIngestion1764390000000 } from './1764390000000-AlertIngestion';
import { OnCallEscalation1764400000000 } from './1764400000000-OnCallEscalation';
import { Notifications1764410000000 } from './1764410000000-Notifications';
import { ChangeAwareness1764420000000 } from './1764420000000-ChangeAwareness';
import { ActFromAnywhere1764440000000 } from './1764440000000-ActFromAnywhere';
import { Teams1764460000000 } from './1764460000000-Teams';
import { TeamWalls1764480000000 } from './1764480000000-TeamWalls';
import { MetricsDurations1764493000000 } from './1764493000000-MetricsDurations';
import { CalendarFeeds1764500000000 } from './1764500000000-CalendarFeeds';
import { NotificationLeases1764501000000 } from './1764501000000-NotificationLeases';
import { ServiceRouting1764510000000 } from './1764510000000-ServiceRouting';
import { EscalationClock1764511000000 } from './1764511000000-EscalationClock';
import { PageAnswers1764512000000 } from './1764512000000-PageAnswers';
import { NoticesWithoutIncident1764513000000 } from './1764513000000-NoticesWithoutIncident';
import { AuditAggregates1796303036966 } from './1796303036966-AuditAggregates';
import { TrimDeliveryErrors1796304184067 } from './1796304184067-TrimDeliveryErrors';
import { AlertLatestFiring1796304371429 } from './1796304371429-AlertLatestFiring';
import { PublishedStatus1796307320947 } from './1796307320947-PublishedStatus';
import { PersonalPaging1796310000000 } from './1796310000000-PersonalPaging';
import { SlackAndTeams1796320000000 } from './1796320000000-SlackAndTeams';
import { WebPush1796330000000 } from './1796330000000-WebPush';
import { IncidentPublication1796340000000 } from './1796340000000-IncidentPublication';
import { StatusSubscribers1796350000000 } from './1796350000000-StatusSubscribers';
import { ActionItemTickets1796360002000 } from './1796360002000-ActionItemTickets';
import { PostmortemFactsAndOwner1796361001000 } from './1796361001000-PostmortemFactsAndOwner';

/** Every migration, oldest first. Listed by hand so the build and the tests load exactly the same set. */
export const migrations = [
  IncidentCore1764370000000,
  PeopleAndTeams1764375000000,
  AccessControl1764376000000,
  PostIncident1764380000000,
  AlertIngestion1764390000000,
  OnCallEscalation1764400000000,
  Notifications1764410000000,
  ChangeAwareness1764420000000,
  ActFromAnywhere1764440000000,
  Teams1764460000000,
  TeamWalls1764480000000,
  MetricsDurations1764493000000,
  CalendarFeeds1764500000000,
  NotificationLeases1764501000000,
  ServiceRouting1764510000000,
  EscalationClock1764511000000,
  PageAnswers1764512000000,
  NoticesWithoutIncident1764513000000,
  AuditAggregates1796303036966,
  TrimDeliveryErrors1796304184067,
  AlertLatestFiring1796304371429,
  PublishedStatus1796307320947,
  PersonalPaging1796310000000,
  SlackAndTeams1796320000000,
  WebPush1796330000000,
  IncidentPublication1796340000000,
  StatusSubscribers1796350000000,
  ActionItemTickets1796360002000,
  PostmortemFactsAndOwner1796361001000,
];
