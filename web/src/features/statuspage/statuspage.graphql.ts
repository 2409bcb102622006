import { graphql } from '../../gql';

export const PUBLIC_PAGE_FIELDS = graphql(`
  fragment PublicPageFields on PublicStatusPage {
    generatedAt
    state
    headline
    components { name state }
    activeIncidents { ...PublicIncidentFields }
    pastIncidents { ...PublicIncidentFields }
    scheduledMaintenance { title startsAt endsAt components }
  }
`);

export const PUBLIC_INCIDENT_FIELDS = graphql(`
  fragment PublicIncidentFields on PublicIncident {
    id title status impact startedAt resolvedAt components
    updates { id at status message line }
  }
`);

export const PUBLIC_STATUS = graphql(`
  query PublicStatus { publicStatus { ...PublicPageFields } }
`);
