import { CIRCUIT_FAILURE_THRESHOLD, circuitPauseMs, MAX_CIRCUIT_PAUSE_MS } from './channel-circuit';

describe('circuitPauseMs', () => {
  it('does not pause a channel below the threshold of failures in a row', () => {
    for (let failures = 0; failures < CIRCUIT_FAILURE_THRESHOLD; failures++) expect(circuitPauseMs(failures, 8000)).toBe(0);
  });

  it('pauses from the retry base, doubling with each further failure, up to five minutes', () => {
    expect(circuitPauseMs(CIRCUIT_FAILURE_THRESHOLD, 8000)).toBe(8000);
    expect(circuitPauseMs(CIRCUIT_FAILURE_THRESHOLD + 1, 8000)).toBe(16_000);
    expect(circuitPauseMs(CIRCUIT_FAILURE_THRESHOLD + 3, 8000)).toBe(64_000);
    expect(circuitPauseMs(CIRCUIT_FAILURE_THRESHOLD + 6, 8000)).toBe(MAX_CIRCUIT_PAUSE_MS);
    expect(circuitPauseMs(10_000, 8000)).toBe(MAX_CIRCUIT_PAUSE_MS);
  });
});
