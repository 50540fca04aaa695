import { levelOfLine, levelOfWord } from './log-line-level';

describe('levelOfWord / levelOfLine', () => {
  it('knows the level words of shippers and loggers, and pino numbers', () => {
    expect(['warning', 'ERR', 'crit', 'trace', 'notice'].map(levelOfWord)).toEqual(['WARN', 'ERROR', 'FATAL', 'DEBUG', 'INFO']);
    expect(levelOfWord(50)).toBe('ERROR');
    expect(levelOfWord('verbose')).toBeUndefined();
  });

  it('reads the level key of JSON and logfmt lines', () => {
    expect(levelOfLine('{"level":"warn","msg":"slow"}')).toBe('WARN');
    expect(levelOfLine('{"level":60,"msg":"dead"}')).toBe('FATAL');
    expect(levelOfLine('{"severity":"ERROR"}')).toBe('ERROR');
    expect(levelOfLine('ts=1 level=error msg="x"')).toBe('ERROR');
    expect(levelOfLine('ts=1 lvl="debug" msg=x')).toBe('DEBUG');
  });

  it('finds nothing in lines without a level key', () => {
    expect(levelOfLine('error: nothing here says level=')).toBeUndefined();
    expect(levelOfLine('{"msg":"no level"}')).toBeUndefined();
    expect(levelOfLine('mylevel=error')).toBeUndefined();
  });
});
