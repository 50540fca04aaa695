import { ALLOWED_TRANSITIONS, checkTransition, statusChangeEvent } from './state-machine';

describe('incident state machine', () => {
  it.each([
    ['OPEN', 'ACKNOWLEDGED'],
    ['OPEN', 'RESOLVED'],
    ['ACKNOWLEDGED', 'RESOLVED'],
    ['RESOLVED', 'OPEN'],
  ] as const)('allows %s -> %s', (from, to) => {
    expect(checkTransition(from, to)).toEqual({ allowed: true });
  });

  it.each([
    ['ACKNOWLEDGED', 'OPEN'],
    ['RESOLVED', 'ACKNOWLEDGED'],
    ['OPEN', 'OPEN'],
    ['ACKNOWLEDGED', 'ACKNOWLEDGED'],
    ['RESOLVED', 'RESOLVED'],
  ] as const)('refuses %s -> %s', (from, to) => {
    expect(checkTransition(from, to).allowed).toBe(false);
  });

  it('names the moves that are allowed from the current state, with their actions', () => {
    const check = checkTransition('ACKNOWLEDGED', 'ACKNOWLEDGED');
    expect(check).toEqual({
      allowed: false,
      reason: 'The incident is already ACKNOWLEDGED; from ACKNOWLEDGED it can only move to RESOLVED (resolve)',
    });
    const fromResolved = checkTransition('RESOLVED', 'ACKNOWLEDGED');
    expect(fromResolved.allowed === false && fromResolved.reason).toBe(
      'An incident cannot move from RESOLVED to ACKNOWLEDGED; from RESOLVED it can only move to OPEN (reopen)',
    );
  });

  it('lists exactly four legal moves in total', () => {
    expect(Object.values(ALLOWED_TRANSITIONS).flat()).toHaveLength(4);
  });

  it('maps each target status to its outbox event and timeline entry', () => {
    expect(statusChangeEvent('ACKNOWLEDGED')).toEqual({ event: 'incident.acknowledged', timeline: 'acknowledged' });
    expect(statusChangeEvent('RESOLVED')).toEqual({ event: 'incident.resolved', timeline: 'resolved' });
    expect(statusChangeEvent('OPEN')).toEqual({ event: 'incident.reopened', timeline: 'reopened' });
  });
});
