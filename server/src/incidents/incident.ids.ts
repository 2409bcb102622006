import { validationError } from '@vigil/shared';
import { Incident } from '../model/incident.entity';

export function encodeCursor(incident: Incident): string {
  return Buffer.from(`${incident.detectedAt.toISOString()}|${incident.id}`).toString('base64url');
}

/** A myTeamsFirst cursor also carries the rank (0: the caller's teams, 1: the rest). */
export function encodeRankedCursor(incident: Incident, rank: number): string {
  return Buffer.from(`${incident.detectedAt.toISOString()}|${incident.id}|${rank}`).toString('base64url');
}

export function decodeRankedCursor(cursor: string): { detectedAt: Date; id: number; rank: number } {
  const rank = Buffer.from(cursor, 'base64url').toString('utf8').split('|')[2];
  if (rank !== '0' && rank !== '1')
    throw validationError('after', 'after is not a cursor this API gave out for myTeamsFirst.');
  return { ...decodeCursor(cursor), rank: Number(rank) };
}

/** Incidents with a service owned by one of the teams bound to `param` (an EXISTS, so no duplicate rows). */
export function ownedByTeams(param: string): string {
  return `EXISTS (SELECT 1 FROM incident_service tis INNER JOIN service tsv ON tsv.id = tis.serviceId WHERE tis.incidentId = i.id AND tsv.teamId IN (:...${param}))`;
}

/** Incidents affecting one of the services bound to `param` (an EXISTS, so no duplicate rows). */
export function affectsServices(param: string): string {
  return `EXISTS (SELECT 1 FROM incident_service sis WHERE sis.incidentId = i.id AND sis.serviceId IN (:...${param}))`;
}

export function decodeCursor(cursor: string): { detectedAt: Date; id: number } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const detectedAt = new Date(iso ?? '');
  if (!id || Number.isNaN(detectedAt.getTime()) || !/^\d+$/.test(id))
    throw validationError('after', 'after is not a cursor this API gave out.');
  return { detectedAt, id: Number(id) };
}
