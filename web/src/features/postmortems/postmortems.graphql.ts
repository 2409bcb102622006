import { graphql } from '../../gql';

export const ACTION_ITEM_FIELDS = graphql(`
  fragment ActionItemFields on ActionItem {
    id postmortemId title category status dueAt overdue aging closedAt wontDoReason ticketUrl allowedTransitions
    owner { id name }
    ...ActionItemTicket
  }
`);

export const POSTMORTEM_FIELDS = graphql(`
  fragment PostmortemFields on Postmortem {
    id incidentId title severity status allowedTransitions dueAt overdue onTime resolvedAt publishedAt durationMs
    whatHappened whyItHappened contributingFactors impactSummary usersAffected usersAffectedPercent revenueImpact reputationImpact
    timeline { at kind text }
    owner { id name }
    reviewers { id name }
    facts {
      generatedAt detectedAt acknowledgedAt acknowledgedBy mitigatedAt firstResolvedAt resolvedAt durationMs ongoing
      timeToAcknowledgeMs
      reopenings { at by reason }
      pages { at level levelName paged }
      acknowledgements { at by how }
      runbookRuns { runId action service startedAt by finishedAt outcome }
      statusUpdates { at by publicStatus text }
      suspectDeployments { version service deployedAt rollbackRecommended }
      overrides { at by kind reason }
    }
    incident { id title detectedAt resolution { verified summary } }
    actionItems { ...ActionItemFields }
  }
`);

export const POSTMORTEM_PAGE = graphql(`
  query PostmortemPage($id: ID!) {
    postmortem(id: $id) { ...PostmortemFields }
    users { id name active }
  }
`);

export const POSTMORTEM_LIST = graphql(`
  query PostmortemList($filter: PostmortemFilter) {
    postmortems(filter: $filter) { id incidentId title severity status dueAt overdue onTime resolvedAt publishedAt }
    me { id name }
  }
`);

export const MY_ACTION_ITEMS = graphql(`
  query MyActionItems($ownerId: ID) {
    openActionItems(ownerId: $ownerId) { ...ActionItemFields postmortem { id title } }
  }
`);

export const POSTMORTEM_CHANGED = graphql(`
  subscription PostmortemChanged($id: ID) { postmortemChanged(id: $id) { ...PostmortemFields } }
`);

export const UPDATE_POSTMORTEM = graphql(`
  mutation UpdatePostmortem($id: ID!, $input: UpdatePostmortemInput!) { updatePostmortem(id: $id, input: $input) { ...PostmortemFields } }
`);

export const TRANSITION_POSTMORTEM = graphql(`
  mutation TransitionPostmortem($id: ID!, $to: PostmortemStatus!) { transitionPostmortem(id: $id, to: $to) { ...PostmortemFields } }
`);

export const ADD_ACTION_ITEM = graphql(`
  mutation AddActionItem($postmortemId: ID!, $input: AddActionItemInput!) { addActionItem(postmortemId: $postmortemId, input: $input) { ...ActionItemFields } }
`);

export const TRANSITION_ACTION_ITEM = graphql(`
  mutation TransitionActionItem($id: ID!, $input: TransitionActionItemInput!) { transitionActionItem(id: $id, input: $input) { ...ActionItemFields } }
`);

export const ASSIGN_POSTMORTEM = graphql(`
  mutation AssignPostmortem($id: ID!, $input: AssignPostmortemInput!) { assignPostmortem(id: $id, input: $input) { ...PostmortemFields } }
`);
