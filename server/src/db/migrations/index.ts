import { IncidentCore1764370000000 } from './1764370000000-IncidentCore';
import { PeopleAndTeams1764375000000 } from './1764375000000-PeopleAndTeams';

/** Every migration, oldest first. Listed by hand so the build and the tests load exactly the same set. */
export const migrations = [
  IncidentCore1764370000000,
  PeopleAndTeams1764375000000,
];
