import type { Schemas } from '../../api/client';
import { Field, type FormErrors } from '../../components/form-errors';
import type { LayerDraft, Rotation } from './layer-draft';

const ROTATIONS: { value: Rotation; label: string }[] = [
  { value: 'WEEKLY', label: 'Weekly' },
  { value: 'DAILY', label: 'Daily' },
  { value: 'HOURS', label: 'Every N hours' },
];

const TIME_ZONES = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** One rotation layer's inputs; the server's errors arrive as `layers[i].<field>`. */
export function LayerFields({
  index,
  layer,
  users,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  layer: LayerDraft;
  users: Schemas['UserResponse'][];
  errors: FormErrors;
  onChange(layer: LayerDraft): void;
  onRemove(): void;
}) {
  const form = `layer-${index}`;
  const prefix = `layers[${index}]`;
  const set = (change: Partial<LayerDraft>) => onChange({ ...layer, ...change });
  const setTurn = (turn: number, userId: string) =>
    set({ participant_ids: layer.participant_ids.map((id, i) => (i === turn ? userId : id)) });
  const turnErrors = errors.fields[`${prefix}.participant_ids`];
  return (
    <fieldset className="layer-fields">
      <legend>Layer {index + 1}</legend>
      <Field form={form} name={`${prefix}.name`} label={`Layer ${index + 1} name`} errors={errors}>
        {(props) => <input {...props} value={layer.name} maxLength={100} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <Field form={form} name={`${prefix}.rotation`} label={`Layer ${index + 1} rotation`} errors={errors}>
        {(props) => (
          <select {...props} value={layer.rotation} onChange={(e) => set({ rotation: e.target.value as Rotation })}>
            {ROTATIONS.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {layer.rotation === 'HOURS' && (
        <Field form={form} name={`${prefix}.rotation_hours`} label={`Layer ${index + 1} hours per turn`} errors={errors}>
          {(props) => (
            <input
              {...props}
              type="number"
              min={1}
              max={720}
              value={layer.rotation_hours}
              onChange={(e) => set({ rotation_hours: e.target.value })}
            />
          )}
        </Field>
      )}
      <Field
        form={form}
        name={`${prefix}.handoff_time`}
        label={`Layer ${index + 1} hand-off time`}
        errors={errors}
        hint="Local time in the zone below"
      >
        {(props) => <input {...props} type="time" value={layer.handoff_time} onChange={(e) => set({ handoff_time: e.target.value })} />}
      </Field>
      <Field form={form} name={`${prefix}.time_zone`} label={`Layer ${index + 1} time zone`} errors={errors}>
        {(props) => <input {...props} list="time-zones" value={layer.time_zone} onChange={(e) => set({ time_zone: e.target.value })} />}
      </Field>
      <Field form={form} name={`${prefix}.start_date`} label={`Layer ${index + 1} first hand-off date`} errors={errors}>
        {(props) => <input {...props} type="date" value={layer.start_date} onChange={(e) => set({ start_date: e.target.value })} />}
      </Field>
      <div className="field layer-turns">
        <span>Turns, in order</span>
        {layer.participant_ids.map((userId, turn) => (
          <div className="inline-form" key={turn}>
            <label className="visually-hidden" htmlFor={`${form}-turn-${turn}`}>
              Layer {index + 1} turn {turn + 1}
            </label>
            <select id={`${form}-turn-${turn}`} value={userId} onChange={(e) => setTurn(turn, e.target.value)}>
              <option value="">Choose a person</option>
              {users.map((user) => (
                <option key={user.id} value={user.id} disabled={!user.active}>
                  {user.email}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="button button-small"
              onClick={() => set({ participant_ids: layer.participant_ids.filter((_, i) => i !== turn) })}
            >
              Remove turn {turn + 1} <span className="visually-hidden">of layer {index + 1}</span>
            </button>
          </div>
        ))}
        <button type="button" className="button button-small" onClick={() => set({ participant_ids: [...layer.participant_ids, ''] })}>
          Add a person to layer {index + 1}
        </button>
        {turnErrors && <p className="form-error">{turnErrors.join('; ')}</p>}
      </div>
      <div className="form-actions">
        <button type="button" className="button button-small" onClick={onRemove}>
          Remove layer {index + 1}
        </button>
      </div>
    </fieldset>
  );
}

/** One datalist for every layer's time-zone input. */
export function TimeZoneList() {
  return (
    <datalist id="time-zones">
      {TIME_ZONES.map((zone) => (
        <option key={zone} value={zone} />
      ))}
    </datalist>
  );
}
