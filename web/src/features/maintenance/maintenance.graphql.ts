import { graphql } from '../../gql';

export const MAINTENANCE_WINDOWS = graphql(`
  query MaintenanceWindows {
    maintenanceWindows { id active startsAt endsAt reason createdBy service { id name } }
    services { id name }
  }
`);

export const CREATE_MAINTENANCE = graphql(`
  mutation CreateMaintenanceWindow($input: CreateMaintenanceWindowInput!) {
    createMaintenanceWindow(input: $input) { id }
  }
`);

export const END_MAINTENANCE = graphql(`
  mutation EndMaintenanceWindow($id: ID!) { endMaintenanceWindow(id: $id) { id } }
`);

export const DELETE_MAINTENANCE = graphql(`
  mutation DeleteMaintenanceWindow($id: ID!) { deleteMaintenanceWindow(id: $id) }
`);
