import { graphql } from '../../gql';

/** "My notifications": your contact methods, your rules per urgency and what was sent to you (issue 18). */
export const MY_PAGING = graphql(`
  query MyPaging {
    me {
      id
      name
      contactMethods { id kind address verified codeSentAt unusableReason }
      high: notificationRules(urgency: HIGH) { contactMethodId delayMinutes }
      low: notificationRules(urgency: LOW) { contactMethodId delayMinutes }
      notifications(limit: 15) { id kind channel address status lastError nextAttemptAt createdAt }
    }
    webPushPublicKey
  }
`);

export const PAGING_SUBSCRIBE_PUSH = graphql(`
  mutation PagingSubscribePush($endpoint: String!, $p256dh: String!, $auth: String!) {
    subscribePush(endpoint: $endpoint, p256dh: $p256dh, auth: $auth) { id kind address verified unusableReason }
  }
`);

export const PAGING_ADD_METHOD = graphql(`
  mutation PagingAddContactMethod($userId: ID!, $kind: ContactKind!, $address: String!) {
    addContactMethod(userId: $userId, kind: $kind, address: $address) { id kind address verified verificationNote }
  }
`);

export const PAGING_VERIFY = graphql(`
  mutation PagingVerifyContactMethod($id: ID!, $code: String!) { verifyContactMethod(id: $id, code: $code) { id verified } }
`);

export const PAGING_RESEND = graphql(`
  mutation PagingResendCode($id: ID!) { resendVerificationCode(id: $id) { id verificationNote codeSentAt } }
`);

export const PAGING_TEST = graphql(`
  mutation PagingSendTestPage($contactMethodId: ID!) { sendTestPage(contactMethodId: $contactMethodId) { id status } }
`);

export const PAGING_SET_RULES = graphql(`
  mutation PagingSetRules($urgency: Urgency!, $steps: [NotificationStepInput!]!) {
    setNotificationRules(urgency: $urgency, steps: $steps) { contactMethodId delayMinutes }
  }
`);

export const PAGING_REMOVE_METHOD = graphql(`
  mutation PagingRemoveContactMethod($id: ID!) { removeContactMethod(id: $id) }
`);
