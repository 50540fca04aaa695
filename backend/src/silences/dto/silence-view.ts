import type { SilenceRow } from '../silences.repository';
import type { Window } from '../silence-windows';
import type { SilenceDto } from './silence.dto';

const windowDto = (window: Window) => ({ starts_at: window.startsAt.toISOString(), ends_at: window.endsAt.toISOString() });

export function toSilenceDto(row: SilenceRow, upcoming: Window[]): SilenceDto {
  return {
    id: row.id,
    state: row.state,
    matchers: {
      service_id: row.service_pattern,
      rule_id: row.rule_id,
      min_severity: row.min_severity,
      title_contains: row.title_contains,
    },
    starts_at: row.starts_at.toISOString(),
    ends_at: row.ends_at.toISOString(),
    comment: row.comment,
    created_by_id: row.created_by_id,
    created_at: row.created_at.toISOString(),
    expired_at: row.expired_at?.toISOString() ?? null,
    recurrence:
      row.rrule && row.start_time && row.duration_minutes && row.time_zone
        ? { rrule: row.rrule, start_time: row.start_time, duration_minutes: row.duration_minutes, time_zone: row.time_zone }
        : null,
    current_or_next_window: upcoming[0] ? windowDto(upcoming[0]) : null,
    upcoming_windows: upcoming.map(windowDto),
  };
}
