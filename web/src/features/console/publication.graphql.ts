import { graphql } from '../../gql';

export const INCIDENT_PUBLICATION = graphql(`
  query IncidentPublication($id: ID!) {
    incident(id: $id) {
      id
      severity
      status
      publication { state decidedBy title customTitle impact }
    }
  }
`);

export const PUBLISH_INCIDENT = graphql(`
  mutation PublishIncident($id: ID!, $input: PublishIncidentInput) {
    publishIncident(id: $id, input: $input) {
      id
      publication { state decidedBy title customTitle impact }
    }
  }
`);

export const UNPUBLISH_INCIDENT = graphql(`
  mutation UnpublishIncident($id: ID!) {
    unpublishIncident(id: $id) {
      id
      publication { state decidedBy title customTitle impact }
    }
  }
`);
