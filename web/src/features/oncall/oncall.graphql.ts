import { graphql } from '../../gql';

export const ONCALL_SCHEDULES = graphql(`
  query OnCallSchedules {
    schedules {
      id name description
      calendarFeed { id createdAt }
      currentShift { start end users { id name } }
      nextShift { start end users { id name } }
      rotations { id name shiftUnit shiftCount handoffTime startDate timeZone participants { id name } }
      overrides { id kind userId replacedUserId startsAt endsAt reason }
    }
    users { id name active }
    myCalendarFeed { id createdAt }
  }
`);

export const ADD_OVERRIDE = graphql(`
  mutation AddScheduleOverride($scheduleId: ID!, $input: ScheduleOverrideInput!) {
    addScheduleOverride(scheduleId: $scheduleId, input: $input) { id }
  }
`);

export const REMOVE_OVERRIDE = graphql(`
  mutation RemoveScheduleOverride($id: ID!) { removeScheduleOverride(id: $id) }
`);

export const CREATE_MY_CALENDAR_FEED = graphql(`
  mutation CreateMyCalendarFeed { createMyCalendarFeed { url feed { id createdAt } } }
`);

export const CREATE_SCHEDULE_CALENDAR_FEED = graphql(`
  mutation CreateScheduleCalendarFeed($scheduleId: ID!) { createScheduleCalendarFeed(scheduleId: $scheduleId) { url feed { id createdAt } } }
`);
