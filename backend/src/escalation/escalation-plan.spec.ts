import { afterStep } from './escalation-plan';

const at = new Date('2026-11-27T10:00:00Z');
const minutes = (n: number) => new Date(at.getTime() + n * 60_000);

describe('afterStep', () => {
  const policy = { waits: [5, 10, 15], repeatCount: 1 };

  it('goes to the next step of the round after the wait of the step taken', () => {
    expect(afterStep(policy, { round: 1, step: 1 }, at)).toEqual({ round: 1, step: 2, dueAt: minutes(5) });
    expect(afterStep(policy, { round: 1, step: 2 }, at)).toEqual({ round: 1, step: 3, dueAt: minutes(10) });
  });

  it('starts the next round at step 1 after the last step and its wait', () => {
    expect(afterStep(policy, { round: 1, step: 3 }, at)).toEqual({ round: 2, step: 1, dueAt: minutes(15) });
  });

  it('ends after the last step of the last round', () => {
    expect(afterStep(policy, { round: 2, step: 3 }, at)).toBeNull();
    expect(afterStep({ waits: [1], repeatCount: 0 }, { round: 1, step: 1 }, at)).toBeNull();
  });

  it('treats a step beyond a shortened policy as its last step', () => {
    expect(afterStep({ waits: [2], repeatCount: 1 }, { round: 1, step: 3 }, at)).toEqual({ round: 2, step: 1, dueAt: minutes(2) });
  });
});
