import { DateTime } from 'luxon';
import type { FieldError } from '../common/validation';
import { RotationKind } from '../generated/prisma/enums';
import type { LayerInputDto } from './dto/layer-input.dto';
import type { Roster } from './schedule-roster';
import type { LayerWrite } from './schedules.repository';

/** Who may be put on call: an existing, active user. */
export function participantProblem(roster: Roster, userId: string): string | null {
  const user = roster.get(userId);
  if (!user) return `no user ${userId}`;
  return user.active ? null : `user ${userId} is deactivated`;
}

/**
 * What class-validator cannot check field by field: rotation_hours goes with HOURS only, the
 * start date exists in the calendar, participants are active users.
 */
export function layerProblems(layers: LayerInputDto[], roster: Roster): FieldError[] {
  return layers.flatMap((layer, index) => {
    const at = (field: string, message: string): FieldError => ({
      field: `layers[${index}].${field}`,
      errors: [`layers[${index}].${field} ${message}`],
    });
    const problems: FieldError[] = [];
    if (layer.rotation === RotationKind.HOURS && layer.rotation_hours === undefined)
      problems.push(at('rotation_hours', 'is required for HOURS'));
    if (layer.rotation !== RotationKind.HOURS && layer.rotation_hours !== undefined)
      problems.push(at('rotation_hours', 'is only for HOURS'));
    if (!DateTime.fromISO(`${layer.start_date}T${layer.handoff_time}`, { zone: layer.time_zone }).isValid) {
      problems.push(at('start_date', 'is not a date in the calendar'));
    }
    const refused = layer.participant_ids.map((id) => participantProblem(roster, id)).filter((p): p is string => p !== null);
    if (refused.length) problems.push(at('participant_ids', `must name active users: ${[...new Set(refused)].join('; ')}`));
    return problems;
  });
}

export function toLayerWrites(layers: LayerInputDto[]): LayerWrite[] {
  return layers.map((layer, index) => ({
    name: layer.name?.trim() || `Layer ${index + 1}`,
    rotation: layer.rotation,
    rotationHours: layer.rotation === RotationKind.HOURS ? (layer.rotation_hours ?? null) : null,
    handoffTime: layer.handoff_time,
    startDate: layer.start_date,
    timeZone: layer.time_zone,
    participantIds: layer.participant_ids,
  }));
}
