import { chatCompletionsUrl, parseSummaryAnswer } from './llm-client';

const completion = (content: unknown) => ({ choices: [{ message: { role: 'assistant', content } }] });

describe('the chat completions URL', () => {
  it.each([
    ['http://127.0.0.1:8080/v1', 'http://127.0.0.1:8080/v1/chat/completions'],
    ['http://127.0.0.1:8080/v1/', 'http://127.0.0.1:8080/v1/chat/completions'],
    ['https://api.example.com/v1/chat/completions', 'https://api.example.com/v1/chat/completions'],
    ['https://api.example.com/v1/chat/completions/', 'https://api.example.com/v1/chat/completions'],
    ['https://api.example.com', 'https://api.example.com/chat/completions'],
  ])('is derived from %s', (base, expected) => {
    expect(chatCompletionsUrl(base)).toBe(expected);
  });
});

describe('parsing the model answer', () => {
  it('reads summary and root causes from a plain JSON answer', () => {
    const parsed = parseSummaryAnswer(completion('{"summary":"Gateway timeouts.","root_causes":["Gateway overloaded","DNS"]}'));
    expect(parsed).toEqual({ summary: 'Gateway timeouts.', rootCauses: ['Gateway overloaded', 'DNS'] });
  });

  it('tolerates code fences, prose around the object and root causes given as objects', () => {
    const content = 'Here you go:\n```json\n{"summary": " Disk full. ", "root_causes": [{"cause": "Log volume"}, 42, ""]}\n```';
    expect(parseSummaryAnswer(completion(content))).toEqual({ summary: 'Disk full.', rootCauses: ['Log volume'] });
  });

  it('accepts a summary without root causes', () => {
    expect(parseSummaryAnswer(completion('{"summary":"Only a summary"}'))).toEqual({ summary: 'Only a summary', rootCauses: [] });
  });

  it('caps an overlong summary', () => {
    const parsed = parseSummaryAnswer(completion(JSON.stringify({ summary: 'x'.repeat(10_000), root_causes: [] })));
    expect(parsed!.summary.length).toBeLessThanOrEqual(4000);
  });

  it.each([
    ['no choices', {}],
    ['null body', null],
    ['content that is not JSON', completion('I think the database is down.')],
    ['an empty summary', completion('{"summary":"   ","root_causes":[]}')],
    ['a summary that is not text', completion('{"summary":{"a":1}}')],
    ['a JSON array', completion('["a","b"]')],
    ['content that is not a string', completion(42)],
  ])('refuses an answer with %s', (_case, body) => {
    expect(parseSummaryAnswer(body)).toBeUndefined();
  });
});

describe('text from the model', () => {
  it('loses NUL and other control characters but keeps newlines and tabs', () => {
    const content = JSON.stringify({ summary: 'Disk\u0000 full\u0007.\nSee\tabove\u001b[0m', root_causes: ['Log\u0000 volume', '\u0000'] });
    expect(parseSummaryAnswer(completion(content))).toEqual({ summary: 'Disk full.\nSee\tabove[0m', rootCauses: ['Log volume'] });
  });

  it('loses unpaired surrogates, keeps pairs, and never cuts a pair in two', () => {
    const content = JSON.stringify({ summary: 'a\ud800b \u{1F525}', root_causes: [`${'x'.repeat(498)}\u{1F525}tail`] });
    const parsed = parseSummaryAnswer(completion(content))!;
    expect(parsed.summary).toBe('ab \u{1F525}');
    expect(parsed.rootCauses[0]!.isWellFormed()).toBe(true);
    expect(parsed.rootCauses[0]).toBe(`${'x'.repeat(498)}…`);
  });
});
