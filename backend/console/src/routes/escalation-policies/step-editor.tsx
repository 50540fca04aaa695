import type { Schemas } from '../../api/client';
import type { FormErrors } from '../../components/form-errors';
import { emptyStep, type Step, type TargetType } from './policy-draft';

export interface TargetChoices {
  users: Schemas['UserResponse'][];
  channels: Schemas['NotificationChannelDto'][];
}

const TYPES: Array<{ value: TargetType; label: string }> = [
  { value: 'USER', label: 'User' },
  { value: 'CHANNEL', label: 'Channel' },
  { value: 'SCHEDULE', label: 'On call of schedule' },
];

function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  return errors ? (
    <p id={id} className="form-error">
      {errors.join('; ')}
    </p>
  ) : null;
}

/** The ordered steps: each a wait and its targets (a user, a channel, or a schedule's on-call person). */
export function StepEditor({
  formId,
  steps,
  onChange,
  choices,
  errors,
}: {
  formId: string;
  steps: Step[];
  onChange(steps: Step[]): void;
  choices: TargetChoices;
  errors: FormErrors;
}) {
  const setStep = (index: number, step: Step) => onChange(steps.map((old, i) => (i === index ? step : old)));
  return (
    <fieldset className="policy-steps">
      <legend>Steps (in order)</legend>
      <FieldErrors id="policy-steps-error" errors={errors.fields['steps']} />
      <ol>
        {steps.map((step, i) => {
          const path = `steps[${i}]`;
          return (
            <li key={i} className="policy-step">
              <fieldset>
                <legend>Step {i + 1}</legend>
                {step.targets.map((target, j) => {
                  const targetPath = `${path}.targets[${j}]`;
                  const setTarget = (change: Partial<Step['targets'][number]>) =>
                    setStep(i, { ...step, targets: step.targets.map((old, k) => (k === j ? { ...old, ...change } : old)) });
                  const idErrors = errors.fields[`${targetPath}.id`] ?? errors.fields[`${targetPath}.type`];
                  return (
                    <div key={j} className="policy-target">
                      <label htmlFor={`${formId}-${i}-${j}-kind`}>
                        Step {i + 1} target {j + 1} kind
                      </label>
                      <select
                        id={`${formId}-${i}-${j}-kind`}
                        value={target.type}
                        onChange={(event) => setTarget({ type: event.target.value as TargetType, id: '' })}
                      >
                        {TYPES.map((type) => (
                          <option key={type.value} value={type.value}>
                            {type.label}
                          </option>
                        ))}
                      </select>
                      <label htmlFor={`${formId}-${i}-${j}`}>
                        Step {i + 1} target {j + 1}
                      </label>
                      {target.type === 'SCHEDULE' ? (
                        <input
                          id={`${formId}-${i}-${j}`}
                          value={target.id}
                          placeholder="schedule id"
                          aria-invalid={idErrors ? true : undefined}
                          onChange={(event) => setTarget({ id: event.target.value })}
                        />
                      ) : (
                        <select
                          id={`${formId}-${i}-${j}`}
                          value={target.id}
                          aria-invalid={idErrors ? true : undefined}
                          onChange={(event) => setTarget({ id: event.target.value })}
                        >
                          <option value="">Choose…</option>
                          {target.type === 'USER'
                            ? choices.users.map((user) => (
                                <option key={user.id} value={user.id}>
                                  {user.email}
                                </option>
                              ))
                            : choices.channels.map((channel) => (
                                <option key={channel.id} value={channel.id}>
                                  {channel.name}
                                </option>
                              ))}
                        </select>
                      )}
                      <button
                        type="button"
                        className="button"
                        disabled={step.targets.length === 1}
                        onClick={() => setStep(i, { ...step, targets: step.targets.filter((_, k) => k !== j) })}
                      >
                        Remove step {i + 1} target {j + 1}
                      </button>
                      <FieldErrors id={`${targetPath}-error`} errors={idErrors} />
                    </div>
                  );
                })}
                <button
                  type="button"
                  className="button"
                  onClick={() => setStep(i, { ...step, targets: [...step.targets, { type: 'USER', id: '' }] })}
                >
                  Add a target to step {i + 1}
                </button>
                <label htmlFor={`${formId}-${i}-wait`}>Then wait (minutes) after step {i + 1}</label>
                <input
                  id={`${formId}-${i}-wait`}
                  type="number"
                  min={1}
                  max={1440}
                  value={step.wait_minutes}
                  aria-invalid={errors.fields[`${path}.wait_minutes`] ? true : undefined}
                  onChange={(event) => setStep(i, { ...step, wait_minutes: Number(event.target.value) })}
                />
                <FieldErrors id={`${path}-wait-error`} errors={errors.fields[`${path}.wait_minutes`] ?? errors.fields[`${path}.targets`]} />
                <button
                  type="button"
                  className="button"
                  disabled={steps.length === 1}
                  onClick={() => onChange(steps.filter((_, k) => k !== i))}
                >
                  Remove step {i + 1}
                </button>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button type="button" className="button" onClick={() => onChange([...steps, emptyStep()])}>
        Add a step
      </button>
    </fieldset>
  );
}
