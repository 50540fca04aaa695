/**
 * Who is on call for a schedule at a time. Provided by the schedules feature when it is
 * present; escalation depends only on this port, so it neither imports schedules nor needs
 * them. While it is absent, SCHEDULE targets are refused.
 */
export const ON_CALL_LOOKUP = Symbol('ON_CALL_LOOKUP');

export interface OnCallPort {
  onCallUserId(scheduleId: string, at: Date): Promise<string | null>;
}
