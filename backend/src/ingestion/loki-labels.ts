/**
 * The stream labels of a Loki protobuf push: one string in Prometheus' label-set syntax,
 * `{job="varlogs", level="error"}`, with Go-style escapes (\" \\ \n) inside the quoted values.
 * Pure. Returns undefined when the string is not a label set, for the caller to refuse.
 */
export function parseLokiLabels(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let pos = skipSpaces(text, 0);
  if (text[pos] !== '{') return undefined;
  pos = skipSpaces(text, pos + 1);
  if (text[pos] === '}') return skipSpaces(text, pos + 1) === text.length ? labels : undefined;
  for (;;) {
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(pos, pos + 1024))?.[0];
    if (!name || name === '__proto__') return undefined;
    pos = skipSpaces(text, pos + name.length);
    if (text[pos] !== '=') return undefined;
    pos = skipSpaces(text, pos + 1);
    const value = quoted(text, pos);
    if (!value) return undefined;
    labels[name] = value.text;
    pos = skipSpaces(text, value.end);
    if (text[pos] === ',') pos = skipSpaces(text, pos + 1);
    else if (text[pos] === '}') return skipSpaces(text, pos + 1) === text.length ? labels : undefined;
    else return undefined;
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t' };

function quoted(text: string, start: number): { text: string; end: number } | undefined {
  if (text[start] !== '"') return undefined;
  let value = '';
  for (let pos = start + 1; pos < text.length; pos++) {
    const char = text[pos]!;
    if (char === '"') return { text: value, end: pos + 1 };
    if (char !== '\\') {
      value += char;
      continue;
    }
    const escaped = ESCAPES[text[++pos] ?? ''];
    if (escaped === undefined) return undefined;
    value += escaped;
  }
  return undefined;
}

function skipSpaces(text: string, pos: number): number {
  while (text[pos] === ' ' || text[pos] === '\t') pos++;
  return pos;
}
