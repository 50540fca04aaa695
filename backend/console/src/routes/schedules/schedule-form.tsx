import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../api/client';
import { Field, FormAlert, formErrorsOf } from '../../components/form-errors';
import { draftOf, layerBody, newLayer, type LayerDraft } from './layer-draft';
import { LayerFields, TimeZoneList } from './layer-fields';
import { invalidateSchedules } from './schedule-queries';

/** Create a schedule, or edit `schedule` (only what changed is sent; layers are sent whole). */
export function ScheduleForm({ schedule, onDone }: { schedule?: Schemas['ScheduleDto']; onDone?(id: string): void }) {
  const queryClient = useQueryClient();
  const users = api.useQuery('get', '/users');
  const onSettled = () => invalidateSchedules(queryClient);
  const create = api.useMutation('post', '/schedules', { onSettled });
  const update = api.useMutation('patch', '/schedules/{id}', { onSettled });
  const [name, setName] = useState(schedule?.name ?? '');
  const [description, setDescription] = useState(schedule?.description ?? '');
  const [layers, setLayers] = useState<LayerDraft[]>(schedule ? schedule.layers.map(draftOf) : [newLayer(0)]);
  const errors = formErrorsOf(schedule ? update.error : create.error);
  const title = schedule ? `Edit ${schedule.name}` : 'New schedule';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { name: name.trim(), description: description.trim() || null, layers: layers.map(layerBody) };
    if (!schedule) {
      create.mutate({ body }, { onSuccess: (created) => onDone?.(created.id) });
      return;
    }
    const layersChanged = JSON.stringify(body.layers) !== JSON.stringify(schedule.layers.map(draftOf).map(layerBody));
    const changes = {
      ...(body.name !== schedule.name ? { name: body.name } : {}),
      ...(body.description !== schedule.description ? { description: body.description } : {}),
      ...(layersChanged ? { layers: body.layers } : {}),
    };
    if (Object.keys(changes).length === 0) return onDone?.(schedule.id);
    update.mutate({ params: { path: { id: schedule.id } }, body: changes }, { onSuccess: () => onDone?.(schedule.id) });
  }

  return (
    <form className="form-panel schedule-form" aria-labelledby="schedule-form-title" noValidate onSubmit={submit}>
      <h2 id="schedule-form-title">{title}</h2>
      <FormAlert id="schedule-form-error" errors={errors} />
      <Field form="schedule" name="name" label="Schedule name" errors={errors}>
        {(props) => <input {...props} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field form="schedule" name="description" label="Description (optional)" errors={errors}>
        {(props) => <input {...props} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <p className="field-hint schedule-form-wide">
        Layers stack: a later layer wins where it has someone. Overrides win over every layer.
      </p>
      <TimeZoneList />
      {layers.map((layer, index) => (
        <LayerFields
          key={index}
          index={index}
          layer={layer}
          users={users.data ?? []}
          errors={errors}
          onChange={(changed) => setLayers(layers.map((l, i) => (i === index ? changed : l)))}
          onRemove={() => setLayers(layers.filter((_, i) => i !== index))}
        />
      ))}
      <div className="form-actions">
        <button type="button" className="button" onClick={() => setLayers([...layers, newLayer(layers.length)])}>
          Add a layer
        </button>{' '}
        <button type="submit" className="button button-primary" disabled={create.isPending || update.isPending}>
          {schedule ? 'Save schedule' : 'Create schedule'}
        </button>
      </div>
    </form>
  );
}
