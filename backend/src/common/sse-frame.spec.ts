import { sseComment, sseEvent, sseRetry } from './sse-frame';

describe('SSE frames', () => {
  it('writes id, event and one JSON data line, ended by a blank line', () => {
    expect(sseEvent({ id: 'e1', event: 'incident.opened', data: { a: 'x\ny' } })).toBe(
      'id: e1\nevent: incident.opened\ndata: {"a":"x\\ny"}\n\n',
    );
  });

  it('cannot be broken by newlines in the id or event name', () => {
    expect(sseEvent({ id: 'a\nevent: evil', data: 1 })).toBe('id: a event: evil\ndata: 1\n\n');
  });

  it('writes comments and the reconnect delay', () => {
    expect(sseComment('heartbeat')).toBe(': heartbeat\n\n');
    expect(sseRetry(2000)).toBe('retry: 2000\n\n');
  });
});
