import { mediaTypeRefusal, parseMediaType } from './media-type';

describe('parseMediaType', () => {
  it('lower-cases the type and reads a quoted or bare charset among other parameters', () => {
    expect(parseMediaType('Application/JSON')).toEqual({ essence: 'application/json' });
    expect(parseMediaType('application/json; charset="UTF-8"')).toEqual({ essence: 'application/json', charset: 'utf-8' });
    expect(parseMediaType('application/x-ndjson;foo=bar; Charset=utf-16 ')).toEqual({ essence: 'application/x-ndjson', charset: 'utf-16' });
  });
});

describe('mediaTypeRefusal', () => {
  const json = ['application/json'];

  it('reads the accepted types in UTF-8, however UTF-8 is spelled, or without a charset', () => {
    for (const header of [
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON;charset=UTF8',
      'application/json; charset="utf-8"',
    ])
      expect(mediaTypeRefusal(header, json)).toBeUndefined();
  });

  it('names the type it refuses and the ones it reads', () => {
    expect(mediaTypeRefusal('text/plain', json)).toBe('Content-Type text/plain is not accepted here: send application/json');
    expect(mediaTypeRefusal('application/x-www-form-urlencoded', ['application/json', 'application/x-ndjson'])).toBe(
      'Content-Type application/x-www-form-urlencoded is not accepted here: send application/json or application/x-ndjson',
    );
  });

  it('refuses any other charset instead of reading the bytes as UTF-8', () => {
    expect(mediaTypeRefusal('application/json; charset=utf-16', json)).toBe('Content-Type charset "utf-16" is not supported: send UTF-8');
    expect(mediaTypeRefusal('application/json; charset=iso-8859-1', json)).toMatch(/iso-8859-1/);
  });

  it('asks for a Content-Type when there is none', () => {
    expect(mediaTypeRefusal(undefined, json)).toMatch(/needs a Content-Type/);
    expect(mediaTypeRefusal(' ', json)).toMatch(/needs a Content-Type/);
  });
});
