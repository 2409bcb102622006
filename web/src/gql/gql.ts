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
    "\n  subscription Resync { resync { at reason } }\n": typeof types.ResyncDocument,
    "\n  fragment ApiTokenFields on ApiToken { id name kind prefix createdAt lastUsedAt expiresAt revokedAt userId team { id name } }\n": typeof types.ApiTokenFieldsFragmentDoc,
    "\n  query AccountApiTokens { apiTokens { ...ApiTokenFields } }\n": typeof types.AccountApiTokensDocument,
    "\n  mutation AccountCreatePersonalToken($name: String!, $expiresInDays: Int) {\n    createPersonalToken(name: $name, expiresInDays: $expiresInDays) { secret token { ...ApiTokenFields } }\n  }\n": typeof types.AccountCreatePersonalTokenDocument,
    "\n  mutation AccountCreateWallToken($name: String!, $teamId: ID) {\n    createWallToken(name: $name, teamId: $teamId) { secret token { ...ApiTokenFields } }\n  }\n": typeof types.AccountCreateWallTokenDocument,
    "\n  mutation AccountRevokeApiToken($id: ID!) { revokeApiToken(id: $id) { ...ApiTokenFields } }\n": typeof types.AccountRevokeApiTokenDocument,
    "\n  query AccountSessions { mySessions { id createdAt lastSeenAt ip current } }\n": typeof types.AccountSessionsDocument,
    "\n  mutation AccountRevokeSession($id: ID!) { revokeSession(id: $id) }\n": typeof types.AccountRevokeSessionDocument,
    "\n  mutation AccountChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": typeof types.AccountChangePasswordDocument,
    "\n  mutation AccountAddContactMethod($userId: ID!, $kind: ContactKind!, $address: String!) {\n    addContactMethod(userId: $userId, kind: $kind, address: $address) { id userId kind address createdAt }\n  }\n": typeof types.AccountAddContactMethodDocument,
    "\n  mutation AccountRemoveContactMethod($id: ID!) { removeContactMethod(id: $id) }\n": typeof types.AccountRemoveContactMethodDocument,
    "\n  mutation AccountRevokeMyCalendarFeed { revokeMyCalendarFeed }\n": typeof types.AccountRevokeMyCalendarFeedDocument,
    "\n  mutation AccountRevokeScheduleCalendarFeed($scheduleId: ID!) { revokeScheduleCalendarFeed(scheduleId: $scheduleId) }\n": typeof types.AccountRevokeScheduleCalendarFeedDocument,
    "\n  mutation AccountCreateUser($input: CreateUserInput!) { createUser(input: $input) { id name email role } }\n": typeof types.AccountCreateUserDocument,
    "\n  query AccountPage { me { id name email role teams { id name } } myCalendarFeed { id createdAt } }\n": typeof types.AccountPageDocument,
    "\n  fragment ConsoleIncidentRow on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name team { id name } }\n    primaryService { id }\n    statusUpdate { nextUpdateDueAt overdue }\n  }\n": typeof types.ConsoleIncidentRowFragmentDoc,
    "\n  query ConsoleIncidents($filter: IncidentFilter, $page: PageInput) {\n    incidents(filter: $filter, page: $page) {\n      nodes { ...ConsoleIncidentRow }\n      pageInfo { endCursor hasNextPage }\n    }\n  }\n": typeof types.ConsoleIncidentsDocument,
    "\n  subscription ConsoleIncidentChanged($id: ID) {\n    incidentChanged(id: $id) { ...ConsoleIncidentRow allowedTransitions summary source mitigatedAt lastStatusUpdateAt }\n  }\n": typeof types.ConsoleIncidentChangedDocument,
    "\n  fragment TimelineEventFields on TimelineEvent { id incidentId type message actorName actorKind public at }\n": typeof types.TimelineEventFieldsFragmentDoc,
    "\n  fragment ChecklistFields on ChecklistView {\n    kind title complete\n    items { key label done evidence checkedAt checkedBy }\n  }\n": typeof types.ChecklistFieldsFragmentDoc,
    "\n  query IncidentPage($id: ID!) {\n    incident(id: $id) {\n      ...ConsoleIncidentRow\n      summary\n      source\n      mitigatedAt\n      lastStatusUpdateAt\n      allowedTransitions\n      policy { name response resolution }\n      checklists { ...ChecklistFields }\n      resolution { verified summary }\n      timeline { ...TimelineEventFields }\n    }\n  }\n": typeof types.IncidentPageDocument,
    "\n  subscription IncidentTimelineAdded($incidentId: ID) {\n    timelineEventAdded(incidentId: $incidentId) { ...TimelineEventFields }\n  }\n": typeof types.IncidentTimelineAddedDocument,
    "\n  query IncidentChecklists($id: ID!) {\n    incident(id: $id) { id checklists { ...ChecklistFields } }\n  }\n": typeof types.IncidentChecklistsDocument,
    "\n  query ConsoleServices { services { id name } }\n": typeof types.ConsoleServicesDocument,
    "\n  mutation AcknowledgeIncident($id: ID!) { acknowledgeIncident(id: $id) { ...ConsoleIncidentRow allowedTransitions } }\n": typeof types.AcknowledgeIncidentDocument,
    "\n  mutation TransitionIncident($id: ID!, $input: TransitionIncidentInput!) {\n    transitionIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n": typeof types.TransitionIncidentDocument,
    "\n  mutation ChangeSeverity($id: ID!, $input: ChangeSeverityInput!) {\n    changeSeverity(id: $id, input: $input) { ...ConsoleIncidentRow policy { name response resolution } }\n  }\n": typeof types.ChangeSeverityDocument,
    "\n  mutation AddTimelineNote($id: ID!, $input: TimelineNoteInput!) { addTimelineNote(id: $id, input: $input) { id } }\n": typeof types.AddTimelineNoteDocument,
    "\n  mutation ResolveIncident($id: ID!, $input: ResolveIncidentInput) {\n    resolveIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt resolution { verified summary } }\n  }\n": typeof types.ResolveIncidentDocument,
    "\n  mutation ReopenIncident($id: ID!, $input: ReopenIncidentInput!) {\n    reopenIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt resolution { verified summary } checklists { ...ChecklistFields } }\n  }\n": typeof types.ReopenIncidentDocument,
    "\n  mutation PostStatusUpdate($id: ID!, $input: StatusUpdateInput!) {\n    postStatusUpdate(id: $id, input: $input) { id lastStatusUpdateAt statusUpdate { nextUpdateDueAt overdue } }\n  }\n": typeof types.PostStatusUpdateDocument,
    "\n  mutation CheckChecklistItem($id: ID!, $input: ChecklistCheckInput!) {\n    checkChecklistItem(id: $id, input: $input) { id checklists { ...ChecklistFields } }\n  }\n": typeof types.CheckChecklistItemDocument,
    "\n  mutation DeclareIncident($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }\n": typeof types.DeclareIncidentDocument,
    "\n  query Me { me { id name role teams { id name } } }\n": typeof types.MeDocument,
    "\n  mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { id name } }\n": typeof types.LoginDocument,
    "\n  mutation Logout { logout }\n": typeof types.LogoutDocument,
    "\n  query IncidentNotifications($id: ID!) {\n    incident(id: $id) {\n      id\n      notifications(last: 50) {\n        id\n        kind\n        channel\n        targetName\n        level\n        status\n        attempts\n        lastError\n        createdAt\n        sentAt\n        nextAttemptAt\n      }\n    }\n  }\n": typeof types.IncidentNotificationsDocument,
    "\n  query IncidentPublication($id: ID!) {\n    incident(id: $id) {\n      id\n      severity\n      status\n      publication { state decidedBy title customTitle impact }\n    }\n  }\n": typeof types.IncidentPublicationDocument,
    "\n  mutation PublishIncident($id: ID!, $input: PublishIncidentInput) {\n    publishIncident(id: $id, input: $input) {\n      id\n      publication { state decidedBy title customTitle impact }\n    }\n  }\n": typeof types.PublishIncidentDocument,
    "\n  mutation UnpublishIncident($id: ID!) {\n    unpublishIncident(id: $id) {\n      id\n      publication { state decidedBy title customTitle impact }\n    }\n  }\n": typeof types.UnpublishIncidentDocument,
    "\n  query IncidentResponse($id: ID!) {\n    incident(id: $id) {\n      id\n      status\n      severity\n      mayAcceptPage\n      services { id name }\n      roles { role since user { id name } }\n      escalation {\n        active awaitingAnswer policyName currentLevel round nextAt nextLevel nextLevelName\n        assignee { id name }\n        levels { level name ackTimeoutMinutes targets { id kind } }\n        pages { at level levelName reason round note paged { userId name } }\n      }\n      recentDeployments {\n        suspect beforeDetectionSeconds\n        deployment { id version previousVersion deployedAt deployedBy summary link service { id name } }\n      }\n      rollback { recommended reasons { rule message } suspectDeployment { id version } dismissal { reason by at } errorRate { percent source } }\n      rollbackFlags { errorRate serviceDown dataCorruptionRisk securityBreach }\n    }\n    users { id name role active }\n  }\n": typeof types.IncidentResponseDocument,
    "\n  query ConsoleRunbookActions($serviceId: ID!) {\n    runbookActions(serviceId: $serviceId) { action steps { name command timeoutSeconds webhookUrl } }\n  }\n": typeof types.ConsoleRunbookActionsDocument,
    "\n  mutation ConsoleEscalate($id: ID!, $input: EscalateIncidentInput!) { escalateIncident(id: $id, input: $input) { id status } }\n": typeof types.ConsoleEscalateDocument,
    "\n  mutation ConsoleAcceptPage($id: ID!) { acceptPage(id: $id) { id status } }\n": typeof types.ConsoleAcceptPageDocument,
    "\n  mutation ConsoleReassign($id: ID!, $input: ReassignIncidentInput!) { reassignIncident(id: $id, input: $input) { id } }\n": typeof types.ConsoleReassignDocument,
    "\n  mutation ConsoleAssignRole($incidentId: ID!, $role: IncidentRole!, $userId: ID!) {\n    assignIncidentRole(incidentId: $incidentId, role: $role, userId: $userId) { id roles { role since user { id name } } }\n  }\n": typeof types.ConsoleAssignRoleDocument,
    "\n  mutation ConsoleHandOverRole($incidentId: ID!, $role: IncidentRole!, $userId: ID!) {\n    handOverIncidentRole(incidentId: $incidentId, role: $role, userId: $userId) { id roles { role since user { id name } } }\n  }\n": typeof types.ConsoleHandOverRoleDocument,
    "\n  mutation ConsoleStepDownRole($incidentId: ID!, $role: IncidentRole!) {\n    stepDownIncidentRole(incidentId: $incidentId, role: $role) { id roles { role since user { id name } } }\n  }\n": typeof types.ConsoleStepDownRoleDocument,
    "\n  mutation ConsoleSetRollbackFlags($id: ID!, $input: RollbackFlagsInput!) {\n    setRollbackFlags(id: $id, input: $input) {\n      id\n      rollback { recommended reasons { rule message } suspectDeployment { id version } dismissal { reason by at } errorRate { percent source } }\n      rollbackFlags { errorRate serviceDown dataCorruptionRisk securityBreach }\n    }\n  }\n": typeof types.ConsoleSetRollbackFlagsDocument,
    "\n  mutation ConsoleRunRunbook($incidentId: ID!, $input: RunRunbookActionInput!) {\n    runRunbookAction(incidentId: $incidentId, input: $input) { runId action dryRun serviceName steps { name argv timeoutSeconds webhookUrl } }\n  }\n": typeof types.ConsoleRunRunbookDocument,
    "\n  mutation ConsoleProbeHealth($incidentId: ID!, $serviceId: ID) {\n    probeHealthCheck(incidentId: $incidentId, serviceId: $serviceId) { ok statusCode latencyMs error url serviceName checkedAt }\n  }\n": typeof types.ConsoleProbeHealthDocument,
    "\n  query ConsolePostmortemForIncident($incidentId: ID!) { postmortemForIncident(incidentId: $incidentId) { id status dueAt overdue } }\n": typeof types.ConsolePostmortemForIncidentDocument,
    "\n  mutation ConsoleRequestPostmortem($incidentId: ID!) { requestPostmortem(incidentId: $incidentId) { id status dueAt overdue } }\n": typeof types.ConsoleRequestPostmortemDocument,
    "\n  fragment WallIncident on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name team { id name } }\n    statusUpdate { nextUpdateDueAt overdue }\n    roles { role user { id name } }\n    escalation { ...WallEscalation }\n    rollback { recommended reasons { rule message } suspectDeployment { id version deployedAt deployedBy service { name } } }\n  }\n": typeof types.WallIncidentFragmentDoc,
    "\n  fragment WallEscalation on IncidentEscalationView {\n    active\n    currentLevel\n    round\n    policyName\n    nextLevel\n    nextLevelName\n    nextAt\n    assignee { name }\n    pages { level levelName at reason paged { name } }\n  }\n": typeof types.WallEscalationFragmentDoc,
    "\n  subscription WallEscalationChanged($incidentId: ID) {\n    escalationChanged(incidentId: $incidentId) { ...WallEscalation }\n  }\n": typeof types.WallEscalationChangedDocument,
    "\n  query OpenIncidents {\n    incidents(filter: { open: true }, page: { first: 200 }) {\n      nodes { ...WallIncident }\n    }\n  }\n": typeof types.OpenIncidentsDocument,
    "\n  subscription IncidentChanged {\n    incidentChanged { ...WallIncident }\n  }\n": typeof types.IncidentChangedDocument,
    "\n  query WallRecentTimeline {\n    incidents(page: { first: 20 }) {\n      nodes { ...WallIncident timeline(last: 12) { id incidentId type message actorName at } }\n    }\n  }\n": typeof types.WallRecentTimelineDocument,
    "\n  subscription TimelineTicker {\n    timelineEventAdded { id incidentId type message actorName at }\n  }\n": typeof types.TimelineTickerDocument,
    "\n  query WallToken {\n    currentToken { id team { id name } }\n  }\n": typeof types.WallTokenDocument,
    "\n  query MaintenanceWindows {\n    maintenanceWindows { id active startsAt endsAt reason createdBy service { id name } }\n    services { id name }\n  }\n": typeof types.MaintenanceWindowsDocument,
    "\n  mutation CreateMaintenanceWindow($input: CreateMaintenanceWindowInput!) {\n    createMaintenanceWindow(input: $input) { id }\n  }\n": typeof types.CreateMaintenanceWindowDocument,
    "\n  mutation EndMaintenanceWindow($id: ID!) { endMaintenanceWindow(id: $id) { id } }\n": typeof types.EndMaintenanceWindowDocument,
    "\n  mutation DeleteMaintenanceWindow($id: ID!) { deleteMaintenanceWindow(id: $id) }\n": typeof types.DeleteMaintenanceWindowDocument,
    "\n  fragment MobileIncidentRow on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgeBy\n    resolveBy\n    services { id name }\n    escalation { awaitingAnswer currentLevel nextAt nextLevelName pages { level at paged { userId name } } }\n  }\n": typeof types.MobileIncidentRowFragmentDoc,
    "\n  query MobileIncidents {\n    me { id name }\n    incidents(filter: { open: true }, page: { first: 100 }) { nodes { ...MobileIncidentRow } }\n  }\n": typeof types.MobileIncidentsDocument,
    "\n  query MobileIncident($id: ID!) {\n    me { id }\n    incident(id: $id) {\n      ...MobileIncidentRow\n      mayAcceptPage\n      statusUpdate { nextUpdateDueAt overdue }\n      timeline(last: 30) { id type message actorName at }\n    }\n  }\n": typeof types.MobileIncidentDocument,
    "\n  query OnCallSchedules {\n    schedules {\n      id name description\n      calendarFeed { id createdAt }\n      currentShift { start end users { id name } }\n      nextShift { start end users { id name } }\n      rotations { id name shiftUnit shiftCount handoffTime startDate timeZone participants { id name } }\n      overrides { id kind userId replacedUserId startsAt endsAt reason }\n    }\n    users { id name active }\n    myCalendarFeed { id createdAt }\n  }\n": typeof types.OnCallSchedulesDocument,
    "\n  mutation AddScheduleOverride($scheduleId: ID!, $input: ScheduleOverrideInput!) {\n    addScheduleOverride(scheduleId: $scheduleId, input: $input) { id }\n  }\n": typeof types.AddScheduleOverrideDocument,
    "\n  mutation RemoveScheduleOverride($id: ID!) { removeScheduleOverride(id: $id) }\n": typeof types.RemoveScheduleOverrideDocument,
    "\n  mutation CreateMyCalendarFeed { createMyCalendarFeed { url feed { id createdAt } } }\n": typeof types.CreateMyCalendarFeedDocument,
    "\n  mutation CreateScheduleCalendarFeed($scheduleId: ID!) { createScheduleCalendarFeed(scheduleId: $scheduleId) { url feed { id createdAt } } }\n": typeof types.CreateScheduleCalendarFeedDocument,
    "\n  query MyPaging {\n    me {\n      id\n      name\n      contactMethods { id kind address verified codeSentAt unusableReason }\n      high: notificationRules(urgency: HIGH) { contactMethodId delayMinutes }\n      low: notificationRules(urgency: LOW) { contactMethodId delayMinutes }\n      notifications(limit: 15) { id kind channel address status lastError nextAttemptAt createdAt }\n    }\n    webPushPublicKey\n  }\n": typeof types.MyPagingDocument,
    "\n  mutation PagingSubscribePush($endpoint: String!, $p256dh: String!, $auth: String!) {\n    subscribePush(endpoint: $endpoint, p256dh: $p256dh, auth: $auth) { id kind address verified unusableReason }\n  }\n": typeof types.PagingSubscribePushDocument,
    "\n  mutation PagingAddContactMethod($userId: ID!, $kind: ContactKind!, $address: String!) {\n    addContactMethod(userId: $userId, kind: $kind, address: $address) { id kind address verified verificationNote }\n  }\n": typeof types.PagingAddContactMethodDocument,
    "\n  mutation PagingVerifyContactMethod($id: ID!, $code: String!) { verifyContactMethod(id: $id, code: $code) { id verified } }\n": typeof types.PagingVerifyContactMethodDocument,
    "\n  mutation PagingResendCode($id: ID!) { resendVerificationCode(id: $id) { id verificationNote codeSentAt } }\n": typeof types.PagingResendCodeDocument,
    "\n  mutation PagingSendTestPage($contactMethodId: ID!) { sendTestPage(contactMethodId: $contactMethodId) { id status } }\n": typeof types.PagingSendTestPageDocument,
    "\n  mutation PagingSetRules($urgency: Urgency!, $steps: [NotificationStepInput!]!) {\n    setNotificationRules(urgency: $urgency, steps: $steps) { contactMethodId delayMinutes }\n  }\n": typeof types.PagingSetRulesDocument,
    "\n  mutation PagingRemoveContactMethod($id: ID!) { removeContactMethod(id: $id) }\n": typeof types.PagingRemoveContactMethodDocument,
    "\n  fragment ActionItemFields on ActionItem {\n    id postmortemId title category status dueAt overdue aging closedAt wontDoReason ticketUrl allowedTransitions\n    owner { id name }\n    ...ActionItemTicket\n  }\n": typeof types.ActionItemFieldsFragmentDoc,
    "\n  fragment PostmortemFields on Postmortem {\n    id incidentId title severity status allowedTransitions dueAt overdue onTime resolvedAt publishedAt durationMs\n    whatHappened whyItHappened contributingFactors impactSummary usersAffected usersAffectedPercent revenueImpact reputationImpact\n    timeline { at kind text }\n    owner { id name }\n    reviewers { id name }\n    facts {\n      generatedAt detectedAt acknowledgedAt acknowledgedBy mitigatedAt firstResolvedAt resolvedAt durationMs ongoing\n      timeToAcknowledgeMs\n      reopenings { at by reason }\n      pages { at level levelName paged }\n      acknowledgements { at by how }\n      runbookRuns { runId action service startedAt by finishedAt outcome }\n      statusUpdates { at by publicStatus text }\n      suspectDeployments { version service deployedAt rollbackRecommended }\n      overrides { at by kind reason }\n    }\n    incident { id title detectedAt resolution { verified summary } }\n    actionItems { ...ActionItemFields }\n  }\n": typeof types.PostmortemFieldsFragmentDoc,
    "\n  query PostmortemPage($id: ID!) {\n    postmortem(id: $id) { ...PostmortemFields }\n    users { id name active }\n  }\n": typeof types.PostmortemPageDocument,
    "\n  query PostmortemList($filter: PostmortemFilter) {\n    postmortems(filter: $filter) { id incidentId title severity status dueAt overdue onTime resolvedAt publishedAt }\n    me { id name }\n  }\n": typeof types.PostmortemListDocument,
    "\n  query MyActionItems($ownerId: ID) {\n    openActionItems(ownerId: $ownerId) { ...ActionItemFields postmortem { id title } }\n  }\n": typeof types.MyActionItemsDocument,
    "\n  subscription PostmortemChanged($id: ID) { postmortemChanged(id: $id) { ...PostmortemFields } }\n": typeof types.PostmortemChangedDocument,
    "\n  mutation UpdatePostmortem($id: ID!, $input: UpdatePostmortemInput!) { updatePostmortem(id: $id, input: $input) { ...PostmortemFields } }\n": typeof types.UpdatePostmortemDocument,
    "\n  mutation TransitionPostmortem($id: ID!, $to: PostmortemStatus!) { transitionPostmortem(id: $id, to: $to) { ...PostmortemFields } }\n": typeof types.TransitionPostmortemDocument,
    "\n  mutation AddActionItem($postmortemId: ID!, $input: AddActionItemInput!) { addActionItem(postmortemId: $postmortemId, input: $input) { ...ActionItemFields } }\n": typeof types.AddActionItemDocument,
    "\n  mutation TransitionActionItem($id: ID!, $input: TransitionActionItemInput!) { transitionActionItem(id: $id, input: $input) { ...ActionItemFields } }\n": typeof types.TransitionActionItemDocument,
    "\n  mutation AssignPostmortem($id: ID!, $input: AssignPostmortemInput!) { assignPostmortem(id: $id, input: $input) { ...PostmortemFields } }\n": typeof types.AssignPostmortemDocument,
    "\n  fragment ActionItemTicket on ActionItem {\n    id\n    ticket { tracker repository number url state synced reason }\n  }\n": typeof types.ActionItemTicketFragmentDoc,
    "\n  mutation RetryTicketSync($actionItemId: ID!) { retryTicketSync(actionItemId: $actionItemId) { ...ActionItemTicket } }\n": typeof types.RetryTicketSyncDocument,
    "\n  subscription ActionItemTicketChanged { actionItemChanged { ...ActionItemTicket } }\n": typeof types.ActionItemTicketChangedDocument,
    "\n  fragment PublicPageFields on PublicStatusPage {\n    generatedAt\n    state\n    headline\n    components { name state }\n    activeIncidents { ...PublicIncidentFields }\n    pastIncidents { ...PublicIncidentFields }\n    scheduledMaintenance { title startsAt endsAt components }\n  }\n": typeof types.PublicPageFieldsFragmentDoc,
    "\n  fragment PublicIncidentFields on PublicIncident {\n    id title status impact startedAt resolvedAt components\n    updates { id at status message line }\n  }\n": typeof types.PublicIncidentFieldsFragmentDoc,
    "\n  query PublicStatus { publicStatus { ...PublicPageFields } }\n": typeof types.PublicStatusDocument,
    "\n  query WallOnCall {\n    schedules {\n      id\n      name\n      currentShift { start end users { id name } }\n      nextShift { start end users { id name } }\n    }\n  }\n": typeof types.WallOnCallDocument,
    "\n  fragment WallMetricBucket on MetricsBucketValues {\n    start\n    incidents\n    timeToAcknowledge { count meanMs p90Ms }\n    timeToResolve { count meanMs p90Ms }\n    acknowledgeSla { decided met rate }\n    resolveSla { decided met rate }\n  }\n": typeof types.WallMetricBucketFragmentDoc,
    "\n  query WallMetrics($range: MetricsRange!, $bucket: MetricBucket!, $service: String, $timezone: String, $severity: Severity, $teamIds: [ID!]) {\n    metrics(range: $range, bucket: $bucket, service: $service, timezone: $timezone, severity: $severity, teamIds: $teamIds) { buckets { ...WallMetricBucket } }\n  }\n": typeof types.WallMetricsDocument,
    "\n  query WallTeams { teams { id name } }\n": typeof types.WallTeamsDocument,
    "\n  subscription WallMetricsChanged {\n    metricsChanged { at }\n  }\n": typeof types.WallMetricsChangedDocument,
    "\n  query WallPostmortems {\n    postmortems {\n      id\n      incidentId\n      title\n      severity\n      status\n      dueAt\n      overdue\n      publishedAt\n      actionItems { id title category status createdAt closedAt dueAt overdue owner { name } }\n    }\n    actionItemCompletion { done open total wontDo rate }\n  }\n": typeof types.WallPostmortemsDocument,
    "\n  subscription WallPostmortemChanged {\n    postmortemChanged { id }\n  }\n": typeof types.WallPostmortemChangedDocument,
    "\n  subscription WallActionItemChanged {\n    actionItemChanged { id }\n  }\n": typeof types.WallActionItemChangedDocument,
    "\n  query WallSeverityTargets {\n    severityPolicies { severity responseWithinMs resolutionWithinMs }\n  }\n": typeof types.WallSeverityTargetsDocument,
};
const documents: Documents = {
    "\n  subscription Resync { resync { at reason } }\n": types.ResyncDocument,
    "\n  fragment ApiTokenFields on ApiToken { id name kind prefix createdAt lastUsedAt expiresAt revokedAt userId team { id name } }\n": types.ApiTokenFieldsFragmentDoc,
    "\n  query AccountApiTokens { apiTokens { ...ApiTokenFields } }\n": types.AccountApiTokensDocument,
    "\n  mutation AccountCreatePersonalToken($name: String!, $expiresInDays: Int) {\n    createPersonalToken(name: $name, expiresInDays: $expiresInDays) { secret token { ...ApiTokenFields } }\n  }\n": types.AccountCreatePersonalTokenDocument,
    "\n  mutation AccountCreateWallToken($name: String!, $teamId: ID) {\n    createWallToken(name: $name, teamId: $teamId) { secret token { ...ApiTokenFields } }\n  }\n": types.AccountCreateWallTokenDocument,
    "\n  mutation AccountRevokeApiToken($id: ID!) { revokeApiToken(id: $id) { ...ApiTokenFields } }\n": types.AccountRevokeApiTokenDocument,
    "\n  query AccountSessions { mySessions { id createdAt lastSeenAt ip current } }\n": types.AccountSessionsDocument,
    "\n  mutation AccountRevokeSession($id: ID!) { revokeSession(id: $id) }\n": types.AccountRevokeSessionDocument,
    "\n  mutation AccountChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n": types.AccountChangePasswordDocument,
    "\n  mutation AccountAddContactMethod($userId: ID!, $kind: ContactKind!, $address: String!) {\n    addContactMethod(userId: $userId, kind: $kind, address: $address) { id userId kind address createdAt }\n  }\n": types.AccountAddContactMethodDocument,
    "\n  mutation AccountRemoveContactMethod($id: ID!) { removeContactMethod(id: $id) }\n": types.AccountRemoveContactMethodDocument,
    "\n  mutation AccountRevokeMyCalendarFeed { revokeMyCalendarFeed }\n": types.AccountRevokeMyCalendarFeedDocument,
    "\n  mutation AccountRevokeScheduleCalendarFeed($scheduleId: ID!) { revokeScheduleCalendarFeed(scheduleId: $scheduleId) }\n": types.AccountRevokeScheduleCalendarFeedDocument,
    "\n  mutation AccountCreateUser($input: CreateUserInput!) { createUser(input: $input) { id name email role } }\n": types.AccountCreateUserDocument,
    "\n  query AccountPage { me { id name email role teams { id name } } myCalendarFeed { id createdAt } }\n": types.AccountPageDocument,
    "\n  fragment ConsoleIncidentRow on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name team { id name } }\n    primaryService { id }\n    statusUpdate { nextUpdateDueAt overdue }\n  }\n": types.ConsoleIncidentRowFragmentDoc,
    "\n  query ConsoleIncidents($filter: IncidentFilter, $page: PageInput) {\n    incidents(filter: $filter, page: $page) {\n      nodes { ...ConsoleIncidentRow }\n      pageInfo { endCursor hasNextPage }\n    }\n  }\n": types.ConsoleIncidentsDocument,
    "\n  subscription ConsoleIncidentChanged($id: ID) {\n    incidentChanged(id: $id) { ...ConsoleIncidentRow allowedTransitions summary source mitigatedAt lastStatusUpdateAt }\n  }\n": types.ConsoleIncidentChangedDocument,
    "\n  fragment TimelineEventFields on TimelineEvent { id incidentId type message actorName actorKind public at }\n": types.TimelineEventFieldsFragmentDoc,
    "\n  fragment ChecklistFields on ChecklistView {\n    kind title complete\n    items { key label done evidence checkedAt checkedBy }\n  }\n": types.ChecklistFieldsFragmentDoc,
    "\n  query IncidentPage($id: ID!) {\n    incident(id: $id) {\n      ...ConsoleIncidentRow\n      summary\n      source\n      mitigatedAt\n      lastStatusUpdateAt\n      allowedTransitions\n      policy { name response resolution }\n      checklists { ...ChecklistFields }\n      resolution { verified summary }\n      timeline { ...TimelineEventFields }\n    }\n  }\n": types.IncidentPageDocument,
    "\n  subscription IncidentTimelineAdded($incidentId: ID) {\n    timelineEventAdded(incidentId: $incidentId) { ...TimelineEventFields }\n  }\n": types.IncidentTimelineAddedDocument,
    "\n  query IncidentChecklists($id: ID!) {\n    incident(id: $id) { id checklists { ...ChecklistFields } }\n  }\n": types.IncidentChecklistsDocument,
    "\n  query ConsoleServices { services { id name } }\n": types.ConsoleServicesDocument,
    "\n  mutation AcknowledgeIncident($id: ID!) { acknowledgeIncident(id: $id) { ...ConsoleIncidentRow allowedTransitions } }\n": types.AcknowledgeIncidentDocument,
    "\n  mutation TransitionIncident($id: ID!, $input: TransitionIncidentInput!) {\n    transitionIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt }\n  }\n": types.TransitionIncidentDocument,
    "\n  mutation ChangeSeverity($id: ID!, $input: ChangeSeverityInput!) {\n    changeSeverity(id: $id, input: $input) { ...ConsoleIncidentRow policy { name response resolution } }\n  }\n": types.ChangeSeverityDocument,
    "\n  mutation AddTimelineNote($id: ID!, $input: TimelineNoteInput!) { addTimelineNote(id: $id, input: $input) { id } }\n": types.AddTimelineNoteDocument,
    "\n  mutation ResolveIncident($id: ID!, $input: ResolveIncidentInput) {\n    resolveIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt resolution { verified summary } }\n  }\n": types.ResolveIncidentDocument,
    "\n  mutation ReopenIncident($id: ID!, $input: ReopenIncidentInput!) {\n    reopenIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt resolution { verified summary } checklists { ...ChecklistFields } }\n  }\n": types.ReopenIncidentDocument,
    "\n  mutation PostStatusUpdate($id: ID!, $input: StatusUpdateInput!) {\n    postStatusUpdate(id: $id, input: $input) { id lastStatusUpdateAt statusUpdate { nextUpdateDueAt overdue } }\n  }\n": types.PostStatusUpdateDocument,
    "\n  mutation CheckChecklistItem($id: ID!, $input: ChecklistCheckInput!) {\n    checkChecklistItem(id: $id, input: $input) { id checklists { ...ChecklistFields } }\n  }\n": types.CheckChecklistItemDocument,
    "\n  mutation DeclareIncident($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }\n": types.DeclareIncidentDocument,
    "\n  query Me { me { id name role teams { id name } } }\n": types.MeDocument,
    "\n  mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { id name } }\n": types.LoginDocument,
    "\n  mutation Logout { logout }\n": types.LogoutDocument,
    "\n  query IncidentNotifications($id: ID!) {\n    incident(id: $id) {\n      id\n      notifications(last: 50) {\n        id\n        kind\n        channel\n        targetName\n        level\n        status\n        attempts\n        lastError\n        createdAt\n        sentAt\n        nextAttemptAt\n      }\n    }\n  }\n": types.IncidentNotificationsDocument,
    "\n  query IncidentPublication($id: ID!) {\n    incident(id: $id) {\n      id\n      severity\n      status\n      publication { state decidedBy title customTitle impact }\n    }\n  }\n": types.IncidentPublicationDocument,
    "\n  mutation PublishIncident($id: ID!, $input: PublishIncidentInput) {\n    publishIncident(id: $id, input: $input) {\n      id\n      publication { state decidedBy title customTitle impact }\n    }\n  }\n": types.PublishIncidentDocument,
    "\n  mutation UnpublishIncident($id: ID!) {\n    unpublishIncident(id: $id) {\n      id\n      publication { state decidedBy title customTitle impact }\n    }\n  }\n": types.UnpublishIncidentDocument,
    "\n  query IncidentResponse($id: ID!) {\n    incident(id: $id) {\n      id\n      status\n      severity\n      mayAcceptPage\n      services { id name }\n      roles { role since user { id name } }\n      escalation {\n        active awaitingAnswer policyName currentLevel round nextAt nextLevel nextLevelName\n        assignee { id name }\n        levels { level name ackTimeoutMinutes targets { id kind } }\n        pages { at level levelName reason round note paged { userId name } }\n      }\n      recentDeployments {\n        suspect beforeDetectionSeconds\n        deployment { id version previousVersion deployedAt deployedBy summary link service { id name } }\n      }\n      rollback { recommended reasons { rule message } suspectDeployment { id version } dismissal { reason by at } errorRate { percent source } }\n      rollbackFlags { errorRate serviceDown dataCorruptionRisk securityBreach }\n    }\n    users { id name role active }\n  }\n": types.IncidentResponseDocument,
    "\n  query ConsoleRunbookActions($serviceId: ID!) {\n    runbookActions(serviceId: $serviceId) { action steps { name command timeoutSeconds webhookUrl } }\n  }\n": types.ConsoleRunbookActionsDocument,
    "\n  mutation ConsoleEscalate($id: ID!, $input: EscalateIncidentInput!) { escalateIncident(id: $id, input: $input) { id status } }\n": types.ConsoleEscalateDocument,
    "\n  mutation ConsoleAcceptPage($id: ID!) { acceptPage(id: $id) { id status } }\n": types.ConsoleAcceptPageDocument,
    "\n  mutation ConsoleReassign($id: ID!, $input: ReassignIncidentInput!) { reassignIncident(id: $id, input: $input) { id } }\n": types.ConsoleReassignDocument,
    "\n  mutation ConsoleAssignRole($incidentId: ID!, $role: IncidentRole!, $userId: ID!) {\n    assignIncidentRole(incidentId: $incidentId, role: $role, userId: $userId) { id roles { role since user { id name } } }\n  }\n": types.ConsoleAssignRoleDocument,
    "\n  mutation ConsoleHandOverRole($incidentId: ID!, $role: IncidentRole!, $userId: ID!) {\n    handOverIncidentRole(incidentId: $incidentId, role: $role, userId: $userId) { id roles { role since user { id name } } }\n  }\n": types.ConsoleHandOverRoleDocument,
    "\n  mutation ConsoleStepDownRole($incidentId: ID!, $role: IncidentRole!) {\n    stepDownIncidentRole(incidentId: $incidentId, role: $role) { id roles { role since user { id name } } }\n  }\n": types.ConsoleStepDownRoleDocument,
    "\n  mutation ConsoleSetRollbackFlags($id: ID!, $input: RollbackFlagsInput!) {\n    setRollbackFlags(id: $id, input: $input) {\n      id\n      rollback { recommended reasons { rule message } suspectDeployment { id version } dismissal { reason by at } errorRate { percent source } }\n      rollbackFlags { errorRate serviceDown dataCorruptionRisk securityBreach }\n    }\n  }\n": types.ConsoleSetRollbackFlagsDocument,
    "\n  mutation ConsoleRunRunbook($incidentId: ID!, $input: RunRunbookActionInput!) {\n    runRunbookAction(incidentId: $incidentId, input: $input) { runId action dryRun serviceName steps { name argv timeoutSeconds webhookUrl } }\n  }\n": types.ConsoleRunRunbookDocument,
    "\n  mutation ConsoleProbeHealth($incidentId: ID!, $serviceId: ID) {\n    probeHealthCheck(incidentId: $incidentId, serviceId: $serviceId) { ok statusCode latencyMs error url serviceName checkedAt }\n  }\n": types.ConsoleProbeHealthDocument,
    "\n  query ConsolePostmortemForIncident($incidentId: ID!) { postmortemForIncident(incidentId: $incidentId) { id status dueAt overdue } }\n": types.ConsolePostmortemForIncidentDocument,
    "\n  mutation ConsoleRequestPostmortem($incidentId: ID!) { requestPostmortem(incidentId: $incidentId) { id status dueAt overdue } }\n": types.ConsoleRequestPostmortemDocument,
    "\n  fragment WallIncident on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name team { id name } }\n    statusUpdate { nextUpdateDueAt overdue }\n    roles { role user { id name } }\n    escalation { ...WallEscalation }\n    rollback { recommended reasons { rule message } suspectDeployment { id version deployedAt deployedBy service { name } } }\n  }\n": types.WallIncidentFragmentDoc,
    "\n  fragment WallEscalation on IncidentEscalationView {\n    active\n    currentLevel\n    round\n    policyName\n    nextLevel\n    nextLevelName\n    nextAt\n    assignee { name }\n    pages { level levelName at reason paged { name } }\n  }\n": types.WallEscalationFragmentDoc,
    "\n  subscription WallEscalationChanged($incidentId: ID) {\n    escalationChanged(incidentId: $incidentId) { ...WallEscalation }\n  }\n": types.WallEscalationChangedDocument,
    "\n  query OpenIncidents {\n    incidents(filter: { open: true }, page: { first: 200 }) {\n      nodes { ...WallIncident }\n    }\n  }\n": types.OpenIncidentsDocument,
    "\n  subscription IncidentChanged {\n    incidentChanged { ...WallIncident }\n  }\n": types.IncidentChangedDocument,
    "\n  query WallRecentTimeline {\n    incidents(page: { first: 20 }) {\n      nodes { ...WallIncident timeline(last: 12) { id incidentId type message actorName at } }\n    }\n  }\n": types.WallRecentTimelineDocument,
    "\n  subscription TimelineTicker {\n    timelineEventAdded { id incidentId type message actorName at }\n  }\n": types.TimelineTickerDocument,
    "\n  query WallToken {\n    currentToken { id team { id name } }\n  }\n": types.WallTokenDocument,
    "\n  query MaintenanceWindows {\n    maintenanceWindows { id active startsAt endsAt reason createdBy service { id name } }\n    services { id name }\n  }\n": types.MaintenanceWindowsDocument,
    "\n  mutation CreateMaintenanceWindow($input: CreateMaintenanceWindowInput!) {\n    createMaintenanceWindow(input: $input) { id }\n  }\n": types.CreateMaintenanceWindowDocument,
    "\n  mutation EndMaintenanceWindow($id: ID!) { endMaintenanceWindow(id: $id) { id } }\n": types.EndMaintenanceWindowDocument,
    "\n  mutation DeleteMaintenanceWindow($id: ID!) { deleteMaintenanceWindow(id: $id) }\n": types.DeleteMaintenanceWindowDocument,
    "\n  fragment MobileIncidentRow on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgeBy\n    resolveBy\n    services { id name }\n    escalation { awaitingAnswer currentLevel nextAt nextLevelName pages { level at paged { userId name } } }\n  }\n": types.MobileIncidentRowFragmentDoc,
    "\n  query MobileIncidents {\n    me { id name }\n    incidents(filter: { open: true }, page: { first: 100 }) { nodes { ...MobileIncidentRow } }\n  }\n": types.MobileIncidentsDocument,
    "\n  query MobileIncident($id: ID!) {\n    me { id }\n    incident(id: $id) {\n      ...MobileIncidentRow\n      mayAcceptPage\n      statusUpdate { nextUpdateDueAt overdue }\n      timeline(last: 30) { id type message actorName at }\n    }\n  }\n": types.MobileIncidentDocument,
    "\n  query OnCallSchedules {\n    schedules {\n      id name description\n      calendarFeed { id createdAt }\n      currentShift { start end users { id name } }\n      nextShift { start end users { id name } }\n      rotations { id name shiftUnit shiftCount handoffTime startDate timeZone participants { id name } }\n      overrides { id kind userId replacedUserId startsAt endsAt reason }\n    }\n    users { id name active }\n    myCalendarFeed { id createdAt }\n  }\n": types.OnCallSchedulesDocument,
    "\n  mutation AddScheduleOverride($scheduleId: ID!, $input: ScheduleOverrideInput!) {\n    addScheduleOverride(scheduleId: $scheduleId, input: $input) { id }\n  }\n": types.AddScheduleOverrideDocument,
    "\n  mutation RemoveScheduleOverride($id: ID!) { removeScheduleOverride(id: $id) }\n": types.RemoveScheduleOverrideDocument,
    "\n  mutation CreateMyCalendarFeed { createMyCalendarFeed { url feed { id createdAt } } }\n": types.CreateMyCalendarFeedDocument,
    "\n  mutation CreateScheduleCalendarFeed($scheduleId: ID!) { createScheduleCalendarFeed(scheduleId: $scheduleId) { url feed { id createdAt } } }\n": types.CreateScheduleCalendarFeedDocument,
    "\n  query MyPaging {\n    me {\n      id\n      name\n      contactMethods { id kind address verified codeSentAt unusableReason }\n      high: notificationRules(urgency: HIGH) { contactMethodId delayMinutes }\n      low: notificationRules(urgency: LOW) { contactMethodId delayMinutes }\n      notifications(limit: 15) { id kind channel address status lastError nextAttemptAt createdAt }\n    }\n    webPushPublicKey\n  }\n": types.MyPagingDocument,
    "\n  mutation PagingSubscribePush($endpoint: String!, $p256dh: String!, $auth: String!) {\n    subscribePush(endpoint: $endpoint, p256dh: $p256dh, auth: $auth) { id kind address verified unusableReason }\n  }\n": types.PagingSubscribePushDocument,
    "\n  mutation PagingAddContactMethod($userId: ID!, $kind: ContactKind!, $address: String!) {\n    addContactMethod(userId: $userId, kind: $kind, address: $address) { id kind address verified verificationNote }\n  }\n": types.PagingAddContactMethodDocument,
    "\n  mutation PagingVerifyContactMethod($id: ID!, $code: String!) { verifyContactMethod(id: $id, code: $code) { id verified } }\n": types.PagingVerifyContactMethodDocument,
    "\n  mutation PagingResendCode($id: ID!) { resendVerificationCode(id: $id) { id verificationNote codeSentAt } }\n": types.PagingResendCodeDocument,
    "\n  mutation PagingSendTestPage($contactMethodId: ID!) { sendTestPage(contactMethodId: $contactMethodId) { id status } }\n": types.PagingSendTestPageDocument,
    "\n  mutation PagingSetRules($urgency: Urgency!, $steps: [NotificationStepInput!]!) {\n    setNotificationRules(urgency: $urgency, steps: $steps) { contactMethodId delayMinutes }\n  }\n": types.PagingSetRulesDocument,
    "\n  mutation PagingRemoveContactMethod($id: ID!) { removeContactMethod(id: $id) }\n": types.PagingRemoveContactMethodDocument,
    "\n  fragment ActionItemFields on ActionItem {\n    id postmortemId title category status dueAt overdue aging closedAt wontDoReason ticketUrl allowedTransitions\n    owner { id name }\n    ...ActionItemTicket\n  }\n": types.ActionItemFieldsFragmentDoc,
    "\n  fragment PostmortemFields on Postmortem {\n    id incidentId title severity status allowedTransitions dueAt overdue onTime resolvedAt publishedAt durationMs\n    whatHappened whyItHappened contributingFactors impactSummary usersAffected usersAffectedPercent revenueImpact reputationImpact\n    timeline { at kind text }\n    owner { id name }\n    reviewers { id name }\n    facts {\n      generatedAt detectedAt acknowledgedAt acknowledgedBy mitigatedAt firstResolvedAt resolvedAt durationMs ongoing\n      timeToAcknowledgeMs\n      reopenings { at by reason }\n      pages { at level levelName paged }\n      acknowledgements { at by how }\n      runbookRuns { runId action service startedAt by finishedAt outcome }\n      statusUpdates { at by publicStatus text }\n      suspectDeployments { version service deployedAt rollbackRecommended }\n      overrides { at by kind reason }\n    }\n    incident { id title detectedAt resolution { verified summary } }\n    actionItems { ...ActionItemFields }\n  }\n": types.PostmortemFieldsFragmentDoc,
    "\n  query PostmortemPage($id: ID!) {\n    postmortem(id: $id) { ...PostmortemFields }\n    users { id name active }\n  }\n": types.PostmortemPageDocument,
    "\n  query PostmortemList($filter: PostmortemFilter) {\n    postmortems(filter: $filter) { id incidentId title severity status dueAt overdue onTime resolvedAt publishedAt }\n    me { id name }\n  }\n": types.PostmortemListDocument,
    "\n  query MyActionItems($ownerId: ID) {\n    openActionItems(ownerId: $ownerId) { ...ActionItemFields postmortem { id title } }\n  }\n": types.MyActionItemsDocument,
    "\n  subscription PostmortemChanged($id: ID) { postmortemChanged(id: $id) { ...PostmortemFields } }\n": types.PostmortemChangedDocument,
    "\n  mutation UpdatePostmortem($id: ID!, $input: UpdatePostmortemInput!) { updatePostmortem(id: $id, input: $input) { ...PostmortemFields } }\n": types.UpdatePostmortemDocument,
    "\n  mutation TransitionPostmortem($id: ID!, $to: PostmortemStatus!) { transitionPostmortem(id: $id, to: $to) { ...PostmortemFields } }\n": types.TransitionPostmortemDocument,
    "\n  mutation AddActionItem($postmortemId: ID!, $input: AddActionItemInput!) { addActionItem(postmortemId: $postmortemId, input: $input) { ...ActionItemFields } }\n": types.AddActionItemDocument,
    "\n  mutation TransitionActionItem($id: ID!, $input: TransitionActionItemInput!) { transitionActionItem(id: $id, input: $input) { ...ActionItemFields } }\n": types.TransitionActionItemDocument,
    "\n  mutation AssignPostmortem($id: ID!, $input: AssignPostmortemInput!) { assignPostmortem(id: $id, input: $input) { ...PostmortemFields } }\n": types.AssignPostmortemDocument,
    "\n  fragment ActionItemTicket on ActionItem {\n    id\n    ticket { tracker repository number url state synced reason }\n  }\n": types.ActionItemTicketFragmentDoc,
    "\n  mutation RetryTicketSync($actionItemId: ID!) { retryTicketSync(actionItemId: $actionItemId) { ...ActionItemTicket } }\n": types.RetryTicketSyncDocument,
    "\n  subscription ActionItemTicketChanged { actionItemChanged { ...ActionItemTicket } }\n": types.ActionItemTicketChangedDocument,
    "\n  fragment PublicPageFields on PublicStatusPage {\n    generatedAt\n    state\n    headline\n    components { name state }\n    activeIncidents { ...PublicIncidentFields }\n    pastIncidents { ...PublicIncidentFields }\n    scheduledMaintenance { title startsAt endsAt components }\n  }\n": types.PublicPageFieldsFragmentDoc,
    "\n  fragment PublicIncidentFields on PublicIncident {\n    id title status impact startedAt resolvedAt components\n    updates { id at status message line }\n  }\n": types.PublicIncidentFieldsFragmentDoc,
    "\n  query PublicStatus { publicStatus { ...PublicPageFields } }\n": types.PublicStatusDocument,
    "\n  query WallOnCall {\n    schedules {\n      id\n      name\n      currentShift { start end users { id name } }\n      nextShift { start end users { id name } }\n    }\n  }\n": types.WallOnCallDocument,
    "\n  fragment WallMetricBucket on MetricsBucketValues {\n    start\n    incidents\n    timeToAcknowledge { count meanMs p90Ms }\n    timeToResolve { count meanMs p90Ms }\n    acknowledgeSla { decided met rate }\n    resolveSla { decided met rate }\n  }\n": types.WallMetricBucketFragmentDoc,
    "\n  query WallMetrics($range: MetricsRange!, $bucket: MetricBucket!, $service: String, $timezone: String, $severity: Severity, $teamIds: [ID!]) {\n    metrics(range: $range, bucket: $bucket, service: $service, timezone: $timezone, severity: $severity, teamIds: $teamIds) { buckets { ...WallMetricBucket } }\n  }\n": types.WallMetricsDocument,
    "\n  query WallTeams { teams { id name } }\n": types.WallTeamsDocument,
    "\n  subscription WallMetricsChanged {\n    metricsChanged { at }\n  }\n": types.WallMetricsChangedDocument,
    "\n  query WallPostmortems {\n    postmortems {\n      id\n      incidentId\n      title\n      severity\n      status\n      dueAt\n      overdue\n      publishedAt\n      actionItems { id title category status createdAt closedAt dueAt overdue owner { name } }\n    }\n    actionItemCompletion { done open total wontDo rate }\n  }\n": types.WallPostmortemsDocument,
    "\n  subscription WallPostmortemChanged {\n    postmortemChanged { id }\n  }\n": types.WallPostmortemChangedDocument,
    "\n  subscription WallActionItemChanged {\n    actionItemChanged { id }\n  }\n": types.WallActionItemChangedDocument,
    "\n  query WallSeverityTargets {\n    severityPolicies { severity responseWithinMs resolutionWithinMs }\n  }\n": types.WallSeverityTargetsDocument,
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
export function graphql(source: "\n  subscription Resync { resync { at reason } }\n"): (typeof documents)["\n  subscription Resync { resync { at reason } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiTokenFields on ApiToken { id name kind prefix createdAt lastUsedAt expiresAt revokedAt userId team { id name } }\n"): (typeof documents)["\n  fragment ApiTokenFields on ApiToken { id name kind prefix createdAt lastUsedAt expiresAt revokedAt userId team { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccountApiTokens { apiTokens { ...ApiTokenFields } }\n"): (typeof documents)["\n  query AccountApiTokens { apiTokens { ...ApiTokenFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountCreatePersonalToken($name: String!, $expiresInDays: Int) {\n    createPersonalToken(name: $name, expiresInDays: $expiresInDays) { secret token { ...ApiTokenFields } }\n  }\n"): (typeof documents)["\n  mutation AccountCreatePersonalToken($name: String!, $expiresInDays: Int) {\n    createPersonalToken(name: $name, expiresInDays: $expiresInDays) { secret token { ...ApiTokenFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountCreateWallToken($name: String!, $teamId: ID) {\n    createWallToken(name: $name, teamId: $teamId) { secret token { ...ApiTokenFields } }\n  }\n"): (typeof documents)["\n  mutation AccountCreateWallToken($name: String!, $teamId: ID) {\n    createWallToken(name: $name, teamId: $teamId) { secret token { ...ApiTokenFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountRevokeApiToken($id: ID!) { revokeApiToken(id: $id) { ...ApiTokenFields } }\n"): (typeof documents)["\n  mutation AccountRevokeApiToken($id: ID!) { revokeApiToken(id: $id) { ...ApiTokenFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccountSessions { mySessions { id createdAt lastSeenAt ip current } }\n"): (typeof documents)["\n  query AccountSessions { mySessions { id createdAt lastSeenAt ip current } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountRevokeSession($id: ID!) { revokeSession(id: $id) }\n"): (typeof documents)["\n  mutation AccountRevokeSession($id: ID!) { revokeSession(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"): (typeof documents)["\n  mutation AccountChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountAddContactMethod($userId: ID!, $kind: ContactKind!, $address: String!) {\n    addContactMethod(userId: $userId, kind: $kind, address: $address) { id userId kind address createdAt }\n  }\n"): (typeof documents)["\n  mutation AccountAddContactMethod($userId: ID!, $kind: ContactKind!, $address: String!) {\n    addContactMethod(userId: $userId, kind: $kind, address: $address) { id userId kind address createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountRemoveContactMethod($id: ID!) { removeContactMethod(id: $id) }\n"): (typeof documents)["\n  mutation AccountRemoveContactMethod($id: ID!) { removeContactMethod(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountRevokeMyCalendarFeed { revokeMyCalendarFeed }\n"): (typeof documents)["\n  mutation AccountRevokeMyCalendarFeed { revokeMyCalendarFeed }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountRevokeScheduleCalendarFeed($scheduleId: ID!) { revokeScheduleCalendarFeed(scheduleId: $scheduleId) }\n"): (typeof documents)["\n  mutation AccountRevokeScheduleCalendarFeed($scheduleId: ID!) { revokeScheduleCalendarFeed(scheduleId: $scheduleId) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AccountCreateUser($input: CreateUserInput!) { createUser(input: $input) { id name email role } }\n"): (typeof documents)["\n  mutation AccountCreateUser($input: CreateUserInput!) { createUser(input: $input) { id name email role } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccountPage { me { id name email role teams { id name } } myCalendarFeed { id createdAt } }\n"): (typeof documents)["\n  query AccountPage { me { id name email role teams { id name } } myCalendarFeed { id createdAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleIncidentRow on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name team { id name } }\n    primaryService { id }\n    statusUpdate { nextUpdateDueAt overdue }\n  }\n"): (typeof documents)["\n  fragment ConsoleIncidentRow on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name team { id name } }\n    primaryService { id }\n    statusUpdate { nextUpdateDueAt overdue }\n  }\n"];
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
export function graphql(source: "\n  query IncidentPage($id: ID!) {\n    incident(id: $id) {\n      ...ConsoleIncidentRow\n      summary\n      source\n      mitigatedAt\n      lastStatusUpdateAt\n      allowedTransitions\n      policy { name response resolution }\n      checklists { ...ChecklistFields }\n      resolution { verified summary }\n      timeline { ...TimelineEventFields }\n    }\n  }\n"): (typeof documents)["\n  query IncidentPage($id: ID!) {\n    incident(id: $id) {\n      ...ConsoleIncidentRow\n      summary\n      source\n      mitigatedAt\n      lastStatusUpdateAt\n      allowedTransitions\n      policy { name response resolution }\n      checklists { ...ChecklistFields }\n      resolution { verified summary }\n      timeline { ...TimelineEventFields }\n    }\n  }\n"];
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
export function graphql(source: "\n  mutation ResolveIncident($id: ID!, $input: ResolveIncidentInput) {\n    resolveIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt resolution { verified summary } }\n  }\n"): (typeof documents)["\n  mutation ResolveIncident($id: ID!, $input: ResolveIncidentInput) {\n    resolveIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt resolution { verified summary } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReopenIncident($id: ID!, $input: ReopenIncidentInput!) {\n    reopenIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt resolution { verified summary } checklists { ...ChecklistFields } }\n  }\n"): (typeof documents)["\n  mutation ReopenIncident($id: ID!, $input: ReopenIncidentInput!) {\n    reopenIncident(id: $id, input: $input) { ...ConsoleIncidentRow allowedTransitions mitigatedAt resolution { verified summary } checklists { ...ChecklistFields } }\n  }\n"];
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
export function graphql(source: "\n  query Me { me { id name role teams { id name } } }\n"): (typeof documents)["\n  query Me { me { id name role teams { id name } } }\n"];
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
export function graphql(source: "\n  query IncidentNotifications($id: ID!) {\n    incident(id: $id) {\n      id\n      notifications(last: 50) {\n        id\n        kind\n        channel\n        targetName\n        level\n        status\n        attempts\n        lastError\n        createdAt\n        sentAt\n        nextAttemptAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query IncidentNotifications($id: ID!) {\n    incident(id: $id) {\n      id\n      notifications(last: 50) {\n        id\n        kind\n        channel\n        targetName\n        level\n        status\n        attempts\n        lastError\n        createdAt\n        sentAt\n        nextAttemptAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentPublication($id: ID!) {\n    incident(id: $id) {\n      id\n      severity\n      status\n      publication { state decidedBy title customTitle impact }\n    }\n  }\n"): (typeof documents)["\n  query IncidentPublication($id: ID!) {\n    incident(id: $id) {\n      id\n      severity\n      status\n      publication { state decidedBy title customTitle impact }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishIncident($id: ID!, $input: PublishIncidentInput) {\n    publishIncident(id: $id, input: $input) {\n      id\n      publication { state decidedBy title customTitle impact }\n    }\n  }\n"): (typeof documents)["\n  mutation PublishIncident($id: ID!, $input: PublishIncidentInput) {\n    publishIncident(id: $id, input: $input) {\n      id\n      publication { state decidedBy title customTitle impact }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UnpublishIncident($id: ID!) {\n    unpublishIncident(id: $id) {\n      id\n      publication { state decidedBy title customTitle impact }\n    }\n  }\n"): (typeof documents)["\n  mutation UnpublishIncident($id: ID!) {\n    unpublishIncident(id: $id) {\n      id\n      publication { state decidedBy title customTitle impact }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentResponse($id: ID!) {\n    incident(id: $id) {\n      id\n      status\n      severity\n      mayAcceptPage\n      services { id name }\n      roles { role since user { id name } }\n      escalation {\n        active awaitingAnswer policyName currentLevel round nextAt nextLevel nextLevelName\n        assignee { id name }\n        levels { level name ackTimeoutMinutes targets { id kind } }\n        pages { at level levelName reason round note paged { userId name } }\n      }\n      recentDeployments {\n        suspect beforeDetectionSeconds\n        deployment { id version previousVersion deployedAt deployedBy summary link service { id name } }\n      }\n      rollback { recommended reasons { rule message } suspectDeployment { id version } dismissal { reason by at } errorRate { percent source } }\n      rollbackFlags { errorRate serviceDown dataCorruptionRisk securityBreach }\n    }\n    users { id name role active }\n  }\n"): (typeof documents)["\n  query IncidentResponse($id: ID!) {\n    incident(id: $id) {\n      id\n      status\n      severity\n      mayAcceptPage\n      services { id name }\n      roles { role since user { id name } }\n      escalation {\n        active awaitingAnswer policyName currentLevel round nextAt nextLevel nextLevelName\n        assignee { id name }\n        levels { level name ackTimeoutMinutes targets { id kind } }\n        pages { at level levelName reason round note paged { userId name } }\n      }\n      recentDeployments {\n        suspect beforeDetectionSeconds\n        deployment { id version previousVersion deployedAt deployedBy summary link service { id name } }\n      }\n      rollback { recommended reasons { rule message } suspectDeployment { id version } dismissal { reason by at } errorRate { percent source } }\n      rollbackFlags { errorRate serviceDown dataCorruptionRisk securityBreach }\n    }\n    users { id name role active }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleRunbookActions($serviceId: ID!) {\n    runbookActions(serviceId: $serviceId) { action steps { name command timeoutSeconds webhookUrl } }\n  }\n"): (typeof documents)["\n  query ConsoleRunbookActions($serviceId: ID!) {\n    runbookActions(serviceId: $serviceId) { action steps { name command timeoutSeconds webhookUrl } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleEscalate($id: ID!, $input: EscalateIncidentInput!) { escalateIncident(id: $id, input: $input) { id status } }\n"): (typeof documents)["\n  mutation ConsoleEscalate($id: ID!, $input: EscalateIncidentInput!) { escalateIncident(id: $id, input: $input) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleAcceptPage($id: ID!) { acceptPage(id: $id) { id status } }\n"): (typeof documents)["\n  mutation ConsoleAcceptPage($id: ID!) { acceptPage(id: $id) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReassign($id: ID!, $input: ReassignIncidentInput!) { reassignIncident(id: $id, input: $input) { id } }\n"): (typeof documents)["\n  mutation ConsoleReassign($id: ID!, $input: ReassignIncidentInput!) { reassignIncident(id: $id, input: $input) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleAssignRole($incidentId: ID!, $role: IncidentRole!, $userId: ID!) {\n    assignIncidentRole(incidentId: $incidentId, role: $role, userId: $userId) { id roles { role since user { id name } } }\n  }\n"): (typeof documents)["\n  mutation ConsoleAssignRole($incidentId: ID!, $role: IncidentRole!, $userId: ID!) {\n    assignIncidentRole(incidentId: $incidentId, role: $role, userId: $userId) { id roles { role since user { id name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleHandOverRole($incidentId: ID!, $role: IncidentRole!, $userId: ID!) {\n    handOverIncidentRole(incidentId: $incidentId, role: $role, userId: $userId) { id roles { role since user { id name } } }\n  }\n"): (typeof documents)["\n  mutation ConsoleHandOverRole($incidentId: ID!, $role: IncidentRole!, $userId: ID!) {\n    handOverIncidentRole(incidentId: $incidentId, role: $role, userId: $userId) { id roles { role since user { id name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleStepDownRole($incidentId: ID!, $role: IncidentRole!) {\n    stepDownIncidentRole(incidentId: $incidentId, role: $role) { id roles { role since user { id name } } }\n  }\n"): (typeof documents)["\n  mutation ConsoleStepDownRole($incidentId: ID!, $role: IncidentRole!) {\n    stepDownIncidentRole(incidentId: $incidentId, role: $role) { id roles { role since user { id name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSetRollbackFlags($id: ID!, $input: RollbackFlagsInput!) {\n    setRollbackFlags(id: $id, input: $input) {\n      id\n      rollback { recommended reasons { rule message } suspectDeployment { id version } dismissal { reason by at } errorRate { percent source } }\n      rollbackFlags { errorRate serviceDown dataCorruptionRisk securityBreach }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleSetRollbackFlags($id: ID!, $input: RollbackFlagsInput!) {\n    setRollbackFlags(id: $id, input: $input) {\n      id\n      rollback { recommended reasons { rule message } suspectDeployment { id version } dismissal { reason by at } errorRate { percent source } }\n      rollbackFlags { errorRate serviceDown dataCorruptionRisk securityBreach }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRunRunbook($incidentId: ID!, $input: RunRunbookActionInput!) {\n    runRunbookAction(incidentId: $incidentId, input: $input) { runId action dryRun serviceName steps { name argv timeoutSeconds webhookUrl } }\n  }\n"): (typeof documents)["\n  mutation ConsoleRunRunbook($incidentId: ID!, $input: RunRunbookActionInput!) {\n    runRunbookAction(incidentId: $incidentId, input: $input) { runId action dryRun serviceName steps { name argv timeoutSeconds webhookUrl } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleProbeHealth($incidentId: ID!, $serviceId: ID) {\n    probeHealthCheck(incidentId: $incidentId, serviceId: $serviceId) { ok statusCode latencyMs error url serviceName checkedAt }\n  }\n"): (typeof documents)["\n  mutation ConsoleProbeHealth($incidentId: ID!, $serviceId: ID) {\n    probeHealthCheck(incidentId: $incidentId, serviceId: $serviceId) { ok statusCode latencyMs error url serviceName checkedAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsolePostmortemForIncident($incidentId: ID!) { postmortemForIncident(incidentId: $incidentId) { id status dueAt overdue } }\n"): (typeof documents)["\n  query ConsolePostmortemForIncident($incidentId: ID!) { postmortemForIncident(incidentId: $incidentId) { id status dueAt overdue } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRequestPostmortem($incidentId: ID!) { requestPostmortem(incidentId: $incidentId) { id status dueAt overdue } }\n"): (typeof documents)["\n  mutation ConsoleRequestPostmortem($incidentId: ID!) { requestPostmortem(incidentId: $incidentId) { id status dueAt overdue } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WallIncident on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name team { id name } }\n    statusUpdate { nextUpdateDueAt overdue }\n    roles { role user { id name } }\n    escalation { ...WallEscalation }\n    rollback { recommended reasons { rule message } suspectDeployment { id version deployedAt deployedBy service { name } } }\n  }\n"): (typeof documents)["\n  fragment WallIncident on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgedAt\n    resolvedAt\n    acknowledgeBy\n    resolveBy\n    services { id name team { id name } }\n    statusUpdate { nextUpdateDueAt overdue }\n    roles { role user { id name } }\n    escalation { ...WallEscalation }\n    rollback { recommended reasons { rule message } suspectDeployment { id version deployedAt deployedBy service { name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WallEscalation on IncidentEscalationView {\n    active\n    currentLevel\n    round\n    policyName\n    nextLevel\n    nextLevelName\n    nextAt\n    assignee { name }\n    pages { level levelName at reason paged { name } }\n  }\n"): (typeof documents)["\n  fragment WallEscalation on IncidentEscalationView {\n    active\n    currentLevel\n    round\n    policyName\n    nextLevel\n    nextLevelName\n    nextAt\n    assignee { name }\n    pages { level levelName at reason paged { name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WallEscalationChanged($incidentId: ID) {\n    escalationChanged(incidentId: $incidentId) { ...WallEscalation }\n  }\n"): (typeof documents)["\n  subscription WallEscalationChanged($incidentId: ID) {\n    escalationChanged(incidentId: $incidentId) { ...WallEscalation }\n  }\n"];
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
export function graphql(source: "\n  query WallRecentTimeline {\n    incidents(page: { first: 20 }) {\n      nodes { ...WallIncident timeline(last: 12) { id incidentId type message actorName at } }\n    }\n  }\n"): (typeof documents)["\n  query WallRecentTimeline {\n    incidents(page: { first: 20 }) {\n      nodes { ...WallIncident timeline(last: 12) { id incidentId type message actorName at } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TimelineTicker {\n    timelineEventAdded { id incidentId type message actorName at }\n  }\n"): (typeof documents)["\n  subscription TimelineTicker {\n    timelineEventAdded { id incidentId type message actorName at }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WallToken {\n    currentToken { id team { id name } }\n  }\n"): (typeof documents)["\n  query WallToken {\n    currentToken { id team { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MaintenanceWindows {\n    maintenanceWindows { id active startsAt endsAt reason createdBy service { id name } }\n    services { id name }\n  }\n"): (typeof documents)["\n  query MaintenanceWindows {\n    maintenanceWindows { id active startsAt endsAt reason createdBy service { id name } }\n    services { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMaintenanceWindow($input: CreateMaintenanceWindowInput!) {\n    createMaintenanceWindow(input: $input) { id }\n  }\n"): (typeof documents)["\n  mutation CreateMaintenanceWindow($input: CreateMaintenanceWindowInput!) {\n    createMaintenanceWindow(input: $input) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndMaintenanceWindow($id: ID!) { endMaintenanceWindow(id: $id) { id } }\n"): (typeof documents)["\n  mutation EndMaintenanceWindow($id: ID!) { endMaintenanceWindow(id: $id) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMaintenanceWindow($id: ID!) { deleteMaintenanceWindow(id: $id) }\n"): (typeof documents)["\n  mutation DeleteMaintenanceWindow($id: ID!) { deleteMaintenanceWindow(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MobileIncidentRow on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgeBy\n    resolveBy\n    services { id name }\n    escalation { awaitingAnswer currentLevel nextAt nextLevelName pages { level at paged { userId name } } }\n  }\n"): (typeof documents)["\n  fragment MobileIncidentRow on Incident {\n    id\n    title\n    severity\n    status\n    publicStatus\n    detectedAt\n    acknowledgeBy\n    resolveBy\n    services { id name }\n    escalation { awaitingAnswer currentLevel nextAt nextLevelName pages { level at paged { userId name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MobileIncidents {\n    me { id name }\n    incidents(filter: { open: true }, page: { first: 100 }) { nodes { ...MobileIncidentRow } }\n  }\n"): (typeof documents)["\n  query MobileIncidents {\n    me { id name }\n    incidents(filter: { open: true }, page: { first: 100 }) { nodes { ...MobileIncidentRow } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MobileIncident($id: ID!) {\n    me { id }\n    incident(id: $id) {\n      ...MobileIncidentRow\n      mayAcceptPage\n      statusUpdate { nextUpdateDueAt overdue }\n      timeline(last: 30) { id type message actorName at }\n    }\n  }\n"): (typeof documents)["\n  query MobileIncident($id: ID!) {\n    me { id }\n    incident(id: $id) {\n      ...MobileIncidentRow\n      mayAcceptPage\n      statusUpdate { nextUpdateDueAt overdue }\n      timeline(last: 30) { id type message actorName at }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OnCallSchedules {\n    schedules {\n      id name description\n      calendarFeed { id createdAt }\n      currentShift { start end users { id name } }\n      nextShift { start end users { id name } }\n      rotations { id name shiftUnit shiftCount handoffTime startDate timeZone participants { id name } }\n      overrides { id kind userId replacedUserId startsAt endsAt reason }\n    }\n    users { id name active }\n    myCalendarFeed { id createdAt }\n  }\n"): (typeof documents)["\n  query OnCallSchedules {\n    schedules {\n      id name description\n      calendarFeed { id createdAt }\n      currentShift { start end users { id name } }\n      nextShift { start end users { id name } }\n      rotations { id name shiftUnit shiftCount handoffTime startDate timeZone participants { id name } }\n      overrides { id kind userId replacedUserId startsAt endsAt reason }\n    }\n    users { id name active }\n    myCalendarFeed { id createdAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddScheduleOverride($scheduleId: ID!, $input: ScheduleOverrideInput!) {\n    addScheduleOverride(scheduleId: $scheduleId, input: $input) { id }\n  }\n"): (typeof documents)["\n  mutation AddScheduleOverride($scheduleId: ID!, $input: ScheduleOverrideInput!) {\n    addScheduleOverride(scheduleId: $scheduleId, input: $input) { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveScheduleOverride($id: ID!) { removeScheduleOverride(id: $id) }\n"): (typeof documents)["\n  mutation RemoveScheduleOverride($id: ID!) { removeScheduleOverride(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMyCalendarFeed { createMyCalendarFeed { url feed { id createdAt } } }\n"): (typeof documents)["\n  mutation CreateMyCalendarFeed { createMyCalendarFeed { url feed { id createdAt } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateScheduleCalendarFeed($scheduleId: ID!) { createScheduleCalendarFeed(scheduleId: $scheduleId) { url feed { id createdAt } } }\n"): (typeof documents)["\n  mutation CreateScheduleCalendarFeed($scheduleId: ID!) { createScheduleCalendarFeed(scheduleId: $scheduleId) { url feed { id createdAt } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyPaging {\n    me {\n      id\n      name\n      contactMethods { id kind address verified codeSentAt unusableReason }\n      high: notificationRules(urgency: HIGH) { contactMethodId delayMinutes }\n      low: notificationRules(urgency: LOW) { contactMethodId delayMinutes }\n      notifications(limit: 15) { id kind channel address status lastError nextAttemptAt createdAt }\n    }\n    webPushPublicKey\n  }\n"): (typeof documents)["\n  query MyPaging {\n    me {\n      id\n      name\n      contactMethods { id kind address verified codeSentAt unusableReason }\n      high: notificationRules(urgency: HIGH) { contactMethodId delayMinutes }\n      low: notificationRules(urgency: LOW) { contactMethodId delayMinutes }\n      notifications(limit: 15) { id kind channel address status lastError nextAttemptAt createdAt }\n    }\n    webPushPublicKey\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PagingSubscribePush($endpoint: String!, $p256dh: String!, $auth: String!) {\n    subscribePush(endpoint: $endpoint, p256dh: $p256dh, auth: $auth) { id kind address verified unusableReason }\n  }\n"): (typeof documents)["\n  mutation PagingSubscribePush($endpoint: String!, $p256dh: String!, $auth: String!) {\n    subscribePush(endpoint: $endpoint, p256dh: $p256dh, auth: $auth) { id kind address verified unusableReason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PagingAddContactMethod($userId: ID!, $kind: ContactKind!, $address: String!) {\n    addContactMethod(userId: $userId, kind: $kind, address: $address) { id kind address verified verificationNote }\n  }\n"): (typeof documents)["\n  mutation PagingAddContactMethod($userId: ID!, $kind: ContactKind!, $address: String!) {\n    addContactMethod(userId: $userId, kind: $kind, address: $address) { id kind address verified verificationNote }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PagingVerifyContactMethod($id: ID!, $code: String!) { verifyContactMethod(id: $id, code: $code) { id verified } }\n"): (typeof documents)["\n  mutation PagingVerifyContactMethod($id: ID!, $code: String!) { verifyContactMethod(id: $id, code: $code) { id verified } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PagingResendCode($id: ID!) { resendVerificationCode(id: $id) { id verificationNote codeSentAt } }\n"): (typeof documents)["\n  mutation PagingResendCode($id: ID!) { resendVerificationCode(id: $id) { id verificationNote codeSentAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PagingSendTestPage($contactMethodId: ID!) { sendTestPage(contactMethodId: $contactMethodId) { id status } }\n"): (typeof documents)["\n  mutation PagingSendTestPage($contactMethodId: ID!) { sendTestPage(contactMethodId: $contactMethodId) { id status } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PagingSetRules($urgency: Urgency!, $steps: [NotificationStepInput!]!) {\n    setNotificationRules(urgency: $urgency, steps: $steps) { contactMethodId delayMinutes }\n  }\n"): (typeof documents)["\n  mutation PagingSetRules($urgency: Urgency!, $steps: [NotificationStepInput!]!) {\n    setNotificationRules(urgency: $urgency, steps: $steps) { contactMethodId delayMinutes }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PagingRemoveContactMethod($id: ID!) { removeContactMethod(id: $id) }\n"): (typeof documents)["\n  mutation PagingRemoveContactMethod($id: ID!) { removeContactMethod(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ActionItemFields on ActionItem {\n    id postmortemId title category status dueAt overdue aging closedAt wontDoReason ticketUrl allowedTransitions\n    owner { id name }\n    ...ActionItemTicket\n  }\n"): (typeof documents)["\n  fragment ActionItemFields on ActionItem {\n    id postmortemId title category status dueAt overdue aging closedAt wontDoReason ticketUrl allowedTransitions\n    owner { id name }\n    ...ActionItemTicket\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PostmortemFields on Postmortem {\n    id incidentId title severity status allowedTransitions dueAt overdue onTime resolvedAt publishedAt durationMs\n    whatHappened whyItHappened contributingFactors impactSummary usersAffected usersAffectedPercent revenueImpact reputationImpact\n    timeline { at kind text }\n    owner { id name }\n    reviewers { id name }\n    facts {\n      generatedAt detectedAt acknowledgedAt acknowledgedBy mitigatedAt firstResolvedAt resolvedAt durationMs ongoing\n      timeToAcknowledgeMs\n      reopenings { at by reason }\n      pages { at level levelName paged }\n      acknowledgements { at by how }\n      runbookRuns { runId action service startedAt by finishedAt outcome }\n      statusUpdates { at by publicStatus text }\n      suspectDeployments { version service deployedAt rollbackRecommended }\n      overrides { at by kind reason }\n    }\n    incident { id title detectedAt resolution { verified summary } }\n    actionItems { ...ActionItemFields }\n  }\n"): (typeof documents)["\n  fragment PostmortemFields on Postmortem {\n    id incidentId title severity status allowedTransitions dueAt overdue onTime resolvedAt publishedAt durationMs\n    whatHappened whyItHappened contributingFactors impactSummary usersAffected usersAffectedPercent revenueImpact reputationImpact\n    timeline { at kind text }\n    owner { id name }\n    reviewers { id name }\n    facts {\n      generatedAt detectedAt acknowledgedAt acknowledgedBy mitigatedAt firstResolvedAt resolvedAt durationMs ongoing\n      timeToAcknowledgeMs\n      reopenings { at by reason }\n      pages { at level levelName paged }\n      acknowledgements { at by how }\n      runbookRuns { runId action service startedAt by finishedAt outcome }\n      statusUpdates { at by publicStatus text }\n      suspectDeployments { version service deployedAt rollbackRecommended }\n      overrides { at by kind reason }\n    }\n    incident { id title detectedAt resolution { verified summary } }\n    actionItems { ...ActionItemFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PostmortemPage($id: ID!) {\n    postmortem(id: $id) { ...PostmortemFields }\n    users { id name active }\n  }\n"): (typeof documents)["\n  query PostmortemPage($id: ID!) {\n    postmortem(id: $id) { ...PostmortemFields }\n    users { id name active }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PostmortemList($filter: PostmortemFilter) {\n    postmortems(filter: $filter) { id incidentId title severity status dueAt overdue onTime resolvedAt publishedAt }\n    me { id name }\n  }\n"): (typeof documents)["\n  query PostmortemList($filter: PostmortemFilter) {\n    postmortems(filter: $filter) { id incidentId title severity status dueAt overdue onTime resolvedAt publishedAt }\n    me { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyActionItems($ownerId: ID) {\n    openActionItems(ownerId: $ownerId) { ...ActionItemFields postmortem { id title } }\n  }\n"): (typeof documents)["\n  query MyActionItems($ownerId: ID) {\n    openActionItems(ownerId: $ownerId) { ...ActionItemFields postmortem { id title } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PostmortemChanged($id: ID) { postmortemChanged(id: $id) { ...PostmortemFields } }\n"): (typeof documents)["\n  subscription PostmortemChanged($id: ID) { postmortemChanged(id: $id) { ...PostmortemFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePostmortem($id: ID!, $input: UpdatePostmortemInput!) { updatePostmortem(id: $id, input: $input) { ...PostmortemFields } }\n"): (typeof documents)["\n  mutation UpdatePostmortem($id: ID!, $input: UpdatePostmortemInput!) { updatePostmortem(id: $id, input: $input) { ...PostmortemFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TransitionPostmortem($id: ID!, $to: PostmortemStatus!) { transitionPostmortem(id: $id, to: $to) { ...PostmortemFields } }\n"): (typeof documents)["\n  mutation TransitionPostmortem($id: ID!, $to: PostmortemStatus!) { transitionPostmortem(id: $id, to: $to) { ...PostmortemFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddActionItem($postmortemId: ID!, $input: AddActionItemInput!) { addActionItem(postmortemId: $postmortemId, input: $input) { ...ActionItemFields } }\n"): (typeof documents)["\n  mutation AddActionItem($postmortemId: ID!, $input: AddActionItemInput!) { addActionItem(postmortemId: $postmortemId, input: $input) { ...ActionItemFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TransitionActionItem($id: ID!, $input: TransitionActionItemInput!) { transitionActionItem(id: $id, input: $input) { ...ActionItemFields } }\n"): (typeof documents)["\n  mutation TransitionActionItem($id: ID!, $input: TransitionActionItemInput!) { transitionActionItem(id: $id, input: $input) { ...ActionItemFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignPostmortem($id: ID!, $input: AssignPostmortemInput!) { assignPostmortem(id: $id, input: $input) { ...PostmortemFields } }\n"): (typeof documents)["\n  mutation AssignPostmortem($id: ID!, $input: AssignPostmortemInput!) { assignPostmortem(id: $id, input: $input) { ...PostmortemFields } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ActionItemTicket on ActionItem {\n    id\n    ticket { tracker repository number url state synced reason }\n  }\n"): (typeof documents)["\n  fragment ActionItemTicket on ActionItem {\n    id\n    ticket { tracker repository number url state synced reason }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryTicketSync($actionItemId: ID!) { retryTicketSync(actionItemId: $actionItemId) { ...ActionItemTicket } }\n"): (typeof documents)["\n  mutation RetryTicketSync($actionItemId: ID!) { retryTicketSync(actionItemId: $actionItemId) { ...ActionItemTicket } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ActionItemTicketChanged { actionItemChanged { ...ActionItemTicket } }\n"): (typeof documents)["\n  subscription ActionItemTicketChanged { actionItemChanged { ...ActionItemTicket } }\n"];
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
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WallOnCall {\n    schedules {\n      id\n      name\n      currentShift { start end users { id name } }\n      nextShift { start end users { id name } }\n    }\n  }\n"): (typeof documents)["\n  query WallOnCall {\n    schedules {\n      id\n      name\n      currentShift { start end users { id name } }\n      nextShift { start end users { id name } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WallMetricBucket on MetricsBucketValues {\n    start\n    incidents\n    timeToAcknowledge { count meanMs p90Ms }\n    timeToResolve { count meanMs p90Ms }\n    acknowledgeSla { decided met rate }\n    resolveSla { decided met rate }\n  }\n"): (typeof documents)["\n  fragment WallMetricBucket on MetricsBucketValues {\n    start\n    incidents\n    timeToAcknowledge { count meanMs p90Ms }\n    timeToResolve { count meanMs p90Ms }\n    acknowledgeSla { decided met rate }\n    resolveSla { decided met rate }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WallMetrics($range: MetricsRange!, $bucket: MetricBucket!, $service: String, $timezone: String, $severity: Severity, $teamIds: [ID!]) {\n    metrics(range: $range, bucket: $bucket, service: $service, timezone: $timezone, severity: $severity, teamIds: $teamIds) { buckets { ...WallMetricBucket } }\n  }\n"): (typeof documents)["\n  query WallMetrics($range: MetricsRange!, $bucket: MetricBucket!, $service: String, $timezone: String, $severity: Severity, $teamIds: [ID!]) {\n    metrics(range: $range, bucket: $bucket, service: $service, timezone: $timezone, severity: $severity, teamIds: $teamIds) { buckets { ...WallMetricBucket } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WallTeams { teams { id name } }\n"): (typeof documents)["\n  query WallTeams { teams { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WallMetricsChanged {\n    metricsChanged { at }\n  }\n"): (typeof documents)["\n  subscription WallMetricsChanged {\n    metricsChanged { at }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WallPostmortems {\n    postmortems {\n      id\n      incidentId\n      title\n      severity\n      status\n      dueAt\n      overdue\n      publishedAt\n      actionItems { id title category status createdAt closedAt dueAt overdue owner { name } }\n    }\n    actionItemCompletion { done open total wontDo rate }\n  }\n"): (typeof documents)["\n  query WallPostmortems {\n    postmortems {\n      id\n      incidentId\n      title\n      severity\n      status\n      dueAt\n      overdue\n      publishedAt\n      actionItems { id title category status createdAt closedAt dueAt overdue owner { name } }\n    }\n    actionItemCompletion { done open total wontDo rate }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WallPostmortemChanged {\n    postmortemChanged { id }\n  }\n"): (typeof documents)["\n  subscription WallPostmortemChanged {\n    postmortemChanged { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WallActionItemChanged {\n    actionItemChanged { id }\n  }\n"): (typeof documents)["\n  subscription WallActionItemChanged {\n    actionItemChanged { id }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WallSeverityTargets {\n    severityPolicies { severity responseWithinMs resolutionWithinMs }\n  }\n"): (typeof documents)["\n  query WallSeverityTargets {\n    severityPolicies { severity responseWithinMs resolutionWithinMs }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;