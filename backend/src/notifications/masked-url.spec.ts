import { maskUrl } from './masked-url';

describe('maskUrl', () => {
  it('keeps scheme and host (with port) and hides path, query and credentials', () => {
    expect(maskUrl('https://hooks.slack.com/services/T000/B000/XXXX')).toBe('https://hooks.slack.com/…');
    expect(maskUrl('http://user:pass@127.0.0.1:8080/hook?token=abc')).toBe('http://127.0.0.1:8080/…');
  });
});
