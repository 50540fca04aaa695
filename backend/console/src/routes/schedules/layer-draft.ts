import type { Schemas } from '../../api/client';

export type LayerInput = Schemas['LayerInputDto'];
export type Rotation = LayerInput['rotation'];

/** A layer as the form edits it (text inputs), turned into the API's body on submit. */
export interface LayerDraft {
  name: string;
  rotation: Rotation;
  rotation_hours: string;
  handoff_time: string;
  time_zone: string;
  start_date: string;
  participant_ids: string[];
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const today = () => new Date().toISOString().slice(0, 10);

export function newLayer(index: number): LayerDraft {
  return {
    name: `Layer ${index + 1}`,
    rotation: 'WEEKLY',
    rotation_hours: '12',
    handoff_time: '09:00',
    time_zone: browserZone(),
    start_date: today(),
    participant_ids: [''],
  };
}

export function draftOf(layer: Schemas['LayerDto']): LayerDraft {
  return {
    name: layer.name,
    rotation: layer.rotation,
    rotation_hours: String(layer.rotation_hours ?? 12),
    handoff_time: layer.handoff_time,
    time_zone: layer.time_zone,
    start_date: layer.start_date,
    participant_ids: layer.participants.map((p) => p.id),
  };
}

export function layerBody(draft: LayerDraft): LayerInput {
  return {
    name: draft.name.trim() || undefined,
    rotation: draft.rotation,
    ...(draft.rotation === 'HOURS' ? { rotation_hours: Number(draft.rotation_hours) } : {}),
    handoff_time: draft.handoff_time,
    time_zone: draft.time_zone.trim(),
    start_date: draft.start_date,
    participant_ids: draft.participant_ids.filter(Boolean),
  };
}
