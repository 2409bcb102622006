/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ConsoleIncidentRow on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name }\n    statusUpdate { nextUpdateDueAt overdue }\n  }\n": typeof types.ConsoleIncidentRowFragmentDoc,
    "\n  query ConsoleIncidents($filter: IncidentFilter, $page: PageInput) {\n    incidents(filter: $filter, page: $page) {\n      nodes { ...ConsoleIncidentRow }\n      pageInfo { endCursor hasNextPage }\n    }\n  }\n": typeof types.ConsoleIncidentsDocument,
    "\n  subscription ConsoleIncidentChanged($id: ID) {\n    incidentChanged(id: $id) { ...ConsoleIncidentRow allowedTransitions summary source mitigatedAt lastStatusUpdateAt }\n  }\n": typeof types.ConsoleIncidentChangedDocument,
    "\n  fragment TimelineEventFields on TimelineEvent { id incidentId type message actorName actorKind public at }\n": typeof types.TimelineEventFieldsFragmentDoc,
    "\n  fragment ChecklistFields on ChecklistView {\n    kind title complete\n    items { key label done evidence checkedAt checkedBy }\n  }\n": typeof types.ChecklistFieldsFragmentDoc,
    "\n  query IncidentPage($id: ID!) {\n    incident(id: $id) {\n      ...ConsoleIncidentRow\n      summary\n      source\n      mitigatedAt\n      lastStatusUpdateAt\n      allowedTransitions\n      policy { name response resolution }\n      checklists { ...ChecklistFields }\n      timeline { ...TimelineEventFields }\n    }\n  }\n": typeof types.IncidentPageDocument,
    "\n  subscription IncidentTimelineAdded($incidentId: ID) {\n    timelineEventAdded(incidentId: $incidentId) { ...TimelineEventFields }\n  }\n": typeof types.IncidentTimelineAddedDocument,
    "\n  query IncidentChecklists($id: ID!) {\n    incident(id: $id) { id checklists { ...ChecklistFields } }\n  }\n": typeof types.IncidentChecklistsDocument,
    "\n  query ConsoleServices { services { id name } }\n": typeof types.ConsoleServicesDocument,
    "\n  mutation AcknowledgeIncident($id: ID!) { acknowledgeIncident(id: $id) { ...ConsoleIncidentRow allowedTransitions } }\n": typeof types.AcknowledgeIncidentDocument,
    "\n  mutation TransitionIncident($id: ID!, $input: TransitionIncidentInput!) {\n    transitionIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n": typeof types.TransitionIncidentDocument,
    "\n  mutation ChangeSeverity($id: ID!, $input: ChangeSeverityInput!) {\n    changeSeverity(id: $id, input: $input) { ...ConsoleIncidentRow policy { name response resolution } }\n  }\n": typeof types.ChangeSeverityDocument,
    "\n  mutation AddTimelineNote($id: ID!, $input: TimelineNoteInput!) { addTimelineNote(id: $id, input: $input) { id } }\n": typeof types.AddTimelineNoteDocument,
    "\n  mutation ResolveIncident($id: ID!, $input: ResolveIncidentInput) {\n    resolveIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n": typeof types.ResolveIncidentDocument,
    "\n  mutation ReopenIncident($id: ID!, $input: ReopenIncidentInput!) {\n    reopenIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n": typeof types.ReopenIncidentDocument,
    "\n  mutation PostStatusUpdate($id: ID!, $input: StatusUpdateInput!) {\n    postStatusUpdate(id: $id, input: $input) { id lastStatusUpdateAt statusUpdate { nextUpdateDueAt overdue } }\n  }\n": typeof types.PostStatusUpdateDocument,
    "\n  mutation CheckChecklistItem($id: ID!, $input: ChecklistCheckInput!) {\n    checkChecklistItem(id: $id, input: $input) { id checklists { ...ChecklistFields } }\n  }\n": typeof types.CheckChecklistItemDocument,
    "\n  mutation DeclareIncident($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }\n": typeof types.DeclareIncidentDocument,
    "\n  query Me { me { id name role } }\n": typeof types.MeDocument,
    "\n  mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { id name } }\n": typeof types.LoginDocument,
    "\n  mutation Logout { logout }\n": typeof types.LogoutDocument,
    "\n  fragment WallIncident on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name }\n    statusUpdate { nextUpdateDueAt overdue }\n  }\n": typeof types.WallIncidentFragmentDoc,
    "\n  query OpenIncidents {\n    incidents(filter: { open: true }, page: { first: 200 }) {\n      nodes { ...WallIncident }\n    }\n  }\n": typeof types.OpenIncidentsDocument,
    "\n  subscription IncidentChanged {\n    incidentChanged { ...WallIncident }\n  }\n": typeof types.IncidentChangedDocument,
    "\n  subscription TimelineTicker {\n    timelineEventAdded { id incidentId type message actorName at }\n  }\n": typeof types.TimelineTickerDocument,
    "\n  fragment PublicPageFields on PublicStatusPage {\n    generatedAt\n    state\n    headline\n    components { name state }\n    activeIncidents { ...PublicIncidentFields }\n    pastIncidents { ...PublicIncidentFields }\n    scheduledMaintenance { title startsAt endsAt components }\n  }\n": typeof types.PublicPageFieldsFragmentDoc,
    "\n  fragment PublicIncidentFields on PublicIncident {\n    id title status impact startedAt resolvedAt components\n    updates { id at status message line }\n  }\n": typeof types.PublicIncidentFieldsFragmentDoc,
    "\n  query PublicStatus { publicStatus { ...PublicPageFields } }\n": typeof types.PublicStatusDocument,
};
const documents: Documents = {
    "\n  fragment ConsoleIncidentRow on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name }\n    statusUpdate { nextUpdateDueAt overdue }\n  }\n": types.ConsoleIncidentRowFragmentDoc,
    "\n  query ConsoleIncidents($filter: IncidentFilter, $page: PageInput) {\n    incidents(filter: $filter, page: $page) {\n      nodes { ...ConsoleIncidentRow }\n      pageInfo { endCursor hasNextPage }\n    }\n  }\n": types.ConsoleIncidentsDocument,
    "\n  subscription ConsoleIncidentChanged($id: ID) {\n    incidentChanged(id: $id) { ...ConsoleIncidentRow allowedTransitions summary source mitigatedAt lastStatusUpdateAt }\n  }\n": types.ConsoleIncidentChangedDocument,
    "\n  fragment TimelineEventFields on TimelineEvent { id incidentId type message actorName actorKind public at }\n": types.TimelineEventFieldsFragmentDoc,
    "\n  fragment ChecklistFields on ChecklistView {\n    kind title complete\n    items { key label done evidence checkedAt checkedBy }\n  }\n": types.ChecklistFieldsFragmentDoc,
    "\n  query IncidentPage($id: ID!) {\n    incident(id: $id) {\n      ...ConsoleIncidentRow\n      summary\n      source\n      mitigatedAt\n      lastStatusUpdateAt\n      allowedTransitions\n      policy { name response resolution }\n      checklists { ...ChecklistFields }\n      timeline { ...TimelineEventFields }\n    }\n  }\n": types.IncidentPageDocument,
    "\n  subscription IncidentTimelineAdded($incidentId: ID) {\n    timelineEventAdded(incidentId: $incidentId) { ...TimelineEventFields }\n  }\n": types.IncidentTimelineAddedDocument,
    "\n  query IncidentChecklists($id: ID!) {\n    incident(id: $id) { id checklists { ...ChecklistFields } }\n  }\n": types.IncidentChecklistsDocument,
    "\n  query ConsoleServices { services { id name } }\n": types.ConsoleServicesDocument,
    "\n  mutation AcknowledgeIncident($id: ID!) { acknowledgeIncident(id: $id) { ...ConsoleIncidentRow allowedTransitions } }\n": types.AcknowledgeIncidentDocument,
    "\n  mutation TransitionIncident($id: ID!, $input: TransitionIncidentInput!) {\n    transitionIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n": types.TransitionIncidentDocument,
    "\n  mutation ChangeSeverity($id: ID!, $input: ChangeSeverityInput!) {\n    changeSeverity(id: $id, input: $input) { ...ConsoleIncidentRow policy { name response resolution } }\n  }\n": types.ChangeSeverityDocument,
    "\n  mutation AddTimelineNote($id: ID!, $input: TimelineNoteInput!) { addTimelineNote(id: $id, input: $input) { id } }\n": types.AddTimelineNoteDocument,
    "\n  mutation ResolveIncident($id: ID!, $input: ResolveIncidentInput) {\n    resolveIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n": types.ResolveIncidentDocument,
    "\n  mutation ReopenIncident($id: ID!, $input: ReopenIncidentInput!) {\n    reopenIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n": types.ReopenIncidentDocument,
    "\n  mutation PostStatusUpdate($id: ID!, $input: StatusUpdateInput!) {\n    postStatusUpdate(id: $id, input: $input) { id lastStatusUpdateAt statusUpdate { nextUpdateDueAt overdue } }\n  }\n": types.PostStatusUpdateDocument,
    "\n  mutation CheckChecklistItem($id: ID!, $input: ChecklistCheckInput!) {\n    checkChecklistItem(id: $id, input: $input) { id checklists { ...ChecklistFields } }\n  }\n": types.CheckChecklistItemDocument,
    "\n  mutation DeclareIncident($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }\n": types.DeclareIncidentDocument,
    "\n  query Me { me { id name role } }\n": types.MeDocument,
    "\n  mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { id name } }\n": types.LoginDocument,
    "\n  mutation Logout { logout }\n": types.LogoutDocument,
    "\n  fragment WallIncident on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name }\n    statusUpdate { nextUpdateDueAt overdue }\n  }\n": types.WallIncidentFragmentDoc,
    "\n  query OpenIncidents {\n    incidents(filter: { open: true }, page: { first: 200 }) {\n      nodes { ...WallIncident }\n    }\n  }\n": types.OpenIncidentsDocument,
    "\n  subscription IncidentChanged {\n    incidentChanged { ...WallIncident }\n  }\n": types.IncidentChangedDocument,
    "\n  subscription TimelineTicker {\n    timelineEventAdded { id incidentId type message actorName at }\n  }\n": types.TimelineTickerDocument,
    "\n  fragment PublicPageFields on PublicStatusPage {\n    generatedAt\n    state\n    headline\n    components { name state }\n    activeIncidents { ...PublicIncidentFields }\n    pastIncidents { ...PublicIncidentFields }\n    scheduledMaintenance { title startsAt endsAt components }\n  }\n": types.PublicPageFieldsFragmentDoc,
    "\n  fragment PublicIncidentFields on PublicIncident {\n    id title status impact startedAt resolvedAt components\n    updates { id at status message line }\n  }\n": types.PublicIncidentFieldsFragmentDoc,
    "\n  query PublicStatus { publicStatus { ...PublicPageFields } }\n": types.PublicStatusDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleIncidentRow on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name }\n    statusUpdate { nextUpdateDueAt overdue }\n  }\n"): (typeof documents)["\n  fragment ConsoleIncidentRow on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name }\n    statusUpdate { nextUpdateDueAt overdue }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleIncidents($filter: IncidentFilter, $page: PageInput) {\n    incidents(filter: $filter, page: $page) {\n      nodes { ...ConsoleIncidentRow }\n      pageInfo { endCursor hasNextPage }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleIncidents($filter: IncidentFilter, $page: PageInput) {\n    incidents(filter: $filter, page: $page) {\n      nodes { ...ConsoleIncidentRow }\n      pageInfo { endCursor hasNextPage }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleIncidentChanged($id: ID) {\n    incidentChanged(id: $id) { ...ConsoleIncidentRow allowedTransitions summary source mitigatedAt lastStatusUpdateAt }\n  }\n"): (typeof documents)["\n  subscription ConsoleIncidentChanged($id: ID) {\n    incidentChanged(id: $id) { ...ConsoleIncidentRow allowedTransitions summary source mitigatedAt lastStatusUpdateAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TimelineEventFields on TimelineEvent { id incidentId type message actorName actorKind public at }\n"): (typeof documents)["\n  fragment TimelineEventFields on TimelineEvent { id incidentId type message actorName actorKind public at }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ChecklistFields on ChecklistView {\n    kind title complete\n    items { key label done evidence checkedAt checkedBy }\n  }\n"): (typeof documents)["\n  fragment ChecklistFields on ChecklistView {\n    kind title complete\n    items { key label done evidence checkedAt checkedBy }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentPage($id: ID!) {\n    incident(id: $id) {\n      ...ConsoleIncidentRow\n      summary\n      source\n      mitigatedAt\n      lastStatusUpdateAt\n      allowedTransitions\n      policy { name response resolution }\n      checklists { ...ChecklistFields }\n      timeline { ...TimelineEventFields }\n    }\n  }\n"): (typeof documents)["\n  query IncidentPage($id: ID!) {\n    incident(id: $id) {\n      ...ConsoleIncidentRow\n      summary\n      source\n      mitigatedAt\n      lastStatusUpdateAt\n      allowedTransitions\n      policy { name response resolution }\n      checklists { ...ChecklistFields }\n      timeline { ...TimelineEventFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription IncidentTimelineAdded($incidentId: ID) {\n    timelineEventAdded(incidentId: $incidentId) { ...TimelineEventFields }\n  }\n"): (typeof documents)["\n  subscription IncidentTimelineAdded($incidentId: ID) {\n    timelineEventAdded(incidentId: $incidentId) { ...TimelineEventFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentChecklists($id: ID!) {\n    incident(id: $id) { id checklists { ...ChecklistFields } }\n  }\n"): (typeof documents)["\n  query IncidentChecklists($id: ID!) {\n    incident(id: $id) { id checklists { ...ChecklistFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleServices { services { id name } }\n"): (typeof documents)["\n  query ConsoleServices { services { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeIncident($id: ID!) { acknowledgeIncident(id: $id) { ...ConsoleIncidentRow allowedTransitions } }\n"): (typeof documents)["\n  mutation AcknowledgeIncident($id: ID!) { acknowledgeIncident(id: $id) { ...ConsoleIncidentRow allowedTransitions } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TransitionIncident($id: ID!, $input: TransitionIncidentInput!) {\n    transitionIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n"): (typeof documents)["\n  mutation TransitionIncident($id: ID!, $input: TransitionIncidentInput!) {\n    transitionIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeSeverity($id: ID!, $input: ChangeSeverityInput!) {\n    changeSeverity(id: $id, input: $input) { ...ConsoleIncidentRow policy { name response resolution } }\n  }\n"): (typeof documents)["\n  mutation ChangeSeverity($id: ID!, $input: ChangeSeverityInput!) {\n    changeSeverity(id: $id, input: $input) { ...ConsoleIncidentRow policy { name response resolution } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddTimelineNote($id: ID!, $input: TimelineNoteInput!) { addTimelineNote(id: $id, input: $input) { id } }\n"): (typeof documents)["\n  mutation AddTimelineNote($id: ID!, $input: TimelineNoteInput!) { addTimelineNote(id: $id, input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveIncident($id: ID!, $input: ResolveIncidentInput) {\n    resolveIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n"): (typeof documents)["\n  mutation ResolveIncident($id: ID!, $input: ResolveIncidentInput) {\n    resolveIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReopenIncident($id: ID!, $input: ReopenIncidentInput!) {\n    reopenIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n"): (typeof documents)["\n  mutation ReopenIncident($id: ID!, $input: ReopenIncidentInput!) {\n    reopenIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PostStatusUpdate($id: ID!, $input: StatusUpdateInput!) {\n    postStatusUpdate(id: $id, input: $input) { id lastStatusUpdateAt statusUpdate { nextUpdateDueAt overdue } }\n  }\n"): (typeof documents)["\n  mutation PostStatusUpdate($id: ID!, $input: StatusUpdateInput!) {\n    postStatusUpdate(id: $id, input: $input) { id lastStatusUpdateAt statusUpdate { nextUpdateDueAt overdue } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CheckChecklistItem($id: ID!, $input: ChecklistCheckInput!) {\n    checkChecklistItem(id: $id, input: $input) { id checklists { ...ChecklistFields } }\n  }\n"): (typeof documents)["\n  mutation CheckChecklistItem($id: ID!, $input: ChecklistCheckInput!) {\n    checkChecklistItem(id: $id, input: $input) { id checklists { ...ChecklistFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclareIncident($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }\n"): (typeof documents)["\n  mutation DeclareIncident($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me { me { id name role } }\n"): (typeof documents)["\n  query Me { me { id name role } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { id name } }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout { logout }\n"): (typeof documents)["\n  mutation Logout { logout }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WallIncident on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name }\n    statusUpdate { nextUpdateDueAt overdue }\n  }\n"): (typeof documents)["\n  fragment WallIncident on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name }\n    statusUpdate { nextUpdateDueAt overdue }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OpenIncidents {\n    incidents(filter: { open: true }, page: { first: 200 }) {\n      nodes { ...WallIncident }\n    }\n  }\n"): (typeof documents)["\n  query OpenIncidents {\n    incidents(filter: { open: true }, page: { first: 200 }) {\n      nodes { ...WallIncident }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription IncidentChanged {\n    incidentChanged { ...WallIncident }\n  }\n"): (typeof documents)["\n  subscription IncidentChanged {\n    incidentChanged { ...WallIncident }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TimelineTicker {\n    timelineEventAdded { id incidentId type message actorName at }\n  }\n"): (typeof documents)["\n  subscription TimelineTicker {\n    timelineEventAdded { id incidentId type message actorName at }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PublicPageFields on PublicStatusPage {\n    generatedAt\n    state\n    headline\n    components { name state }\n    activeIncidents { ...PublicIncidentFields }\n    pastIncidents { ...PublicIncidentFields }\n    scheduledMaintenance { title startsAt endsAt components }\n  }\n"): (typeof documents)["\n  fragment PublicPageFields on PublicStatusPage {\n    generatedAt\n    state\n    headline\n    components { name state }\n    activeIncidents { ...PublicIncidentFields }\n    pastIncidents { ...PublicIncidentFields }\n    scheduledMaintenance { title startsAt endsAt components }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PublicIncidentFields on PublicIncident {\n    id title status impact startedAt resolvedAt components\n    updates { id at status message line }\n  }\n"): (typeof documents)["\n  fragment PublicIncidentFields on PublicIncident {\n    id title status impact startedAt resolvedAt components\n    updates { id at status message line }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PublicStatus { publicStatus { ...PublicPageFields } }\n"): (typeof documents)["\n  query PublicStatus { publicStatus { ...PublicPageFields } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;