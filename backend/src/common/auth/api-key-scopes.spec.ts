import { scopesAllow } from './api-key-scopes';

describe('scopesAllow', () => {
  it('allows what a key holds and nothing else', () => {
    expect(scopesAllow(['ingest'], 'ingest')).toBe(true);
    expect(scopesAllow(['ingest'], 'alerts')).toBe(false);
    expect(scopesAllow([], 'ingest')).toBe(false);
  });

  it('lets incidents:write read incidents, but not the other way round', () => {
    expect(scopesAllow(['incidents:write'], 'incidents:read')).toBe(true);
    expect(scopesAllow(['incidents:read'], 'incidents:write')).toBe(false);
  });

  it('lets admin do everything', () => {
    for (const scope of ['ingest', 'alerts', 'incidents:read', 'incidents:write', 'admin'] as const)
      expect(scopesAllow(['admin'], scope)).toBe(true);
  });
});
