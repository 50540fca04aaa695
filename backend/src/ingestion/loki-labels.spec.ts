import { parseLokiLabels } from './loki-labels';

describe('parseLokiLabels', () => {
  it('reads a label set with escapes', () => {
    expect(parseLokiLabels('{job="api", msg="say \\"hi\\"\\n", path="C:\\\\x"}')).toEqual({ job: 'api', msg: 'say "hi"\n', path: 'C:\\x' });
    expect(parseLokiLabels('{}')).toEqual({});
  });

  it.each(['job="api"', '{job=api}', '{job="api"', '{job="a" x}', '{__proto__="x"}', '{job="\\q"}', '{job="a"} trailing'])(
    'refuses %s',
    (text) => {
      expect(parseLokiLabels(text)).toBeUndefined();
    },
  );
});
