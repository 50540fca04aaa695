import ical from 'ical-generator';

export interface CalendarEvent {
  /** Stable across fetches, so calendar apps update an event rather than duplicate it. */
  uid: string;
  start: Date;
  end: Date;
  summary: string;
  description: string;
}

/**
 * An iCalendar document (RFC 5545). Times are written in UTC (`...Z`): every calendar app
 * shows them in its own zone, and no VTIMEZONE (a hand-made tz table) is needed. Hand-offs
 * were computed in each layer's own zone before.
 */
export function renderCalendar(name: string, events: CalendarEvent[]): string {
  const calendar = ical({
    name,
    prodId: { company: 'incident-log-platform', product: 'on-call-schedules', language: 'EN' },
    // Calendar apps that honour it refresh every 15 minutes (Google decides for itself).
    ttl: 15 * 60,
  });
  for (const event of events) {
    calendar.createEvent({ id: event.uid, start: event.start, end: event.end, summary: event.summary, description: event.description });
  }
  return calendar.toString();
}
