/**
 * One syslog message (RFC 5424, or the older BSD format of RFC 3164) to the `/ingest` log shape.
 * Pure. Severity -> level, APP-NAME (or the 3164 TAG) -> service_id, the rest -> metadata.
 * The API key a sender may put in structured data (`[auth@<enterprise> key="..."]`) is taken
 * out, never stored.
 */

export type SyslogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

export interface SyslogLog {
  /** The API key from the `auth@...` structured data element, if the sender put one. */
  apiKey?: string;
  /** What validateLog takes: service_id undefined when the sender named no application. */
  log: { service_id?: string; level: SyslogLevel; message: string; timestamp?: string; metadata: Record<string, unknown> };
}

// 0 emerg, 1 alert, 2 crit -> FATAL; 3 err; 4 warning; 5 notice, 6 info -> INFO; 7 debug.
const LEVEL_BY_SEVERITY: SyslogLevel[] = ['FATAL', 'FATAL', 'FATAL', 'ERROR', 'WARN', 'INFO', 'INFO', 'DEBUG'];
const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp', 'audit', 'alert',
  'clock', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7',
]; // prettier-ignore

const NIL = '-';
const ESCAPED = new Set(['"', '\\', ']']);
const AUTH_SD_ID = /^auth@\d+$/;
const RFC3164_HEADER = /^([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (\S+) ([^:[\s]{1,48})(?:\[([^\]]{1,128})\])?: ?/;

export class SyslogParseError extends Error {}

export function parseSyslogMessage(text: string): SyslogLog {
  const pri = /^<(\d{1,3})>/.exec(text);
  if (!pri || Number(pri[1]) > 191) throw new SyslogParseError('a syslog message starts with <PRI>, a number from 0 to 191');
  const priority = Number(pri[1]);
  const level = LEVEL_BY_SEVERITY[priority % 8]!;
  const facility = FACILITIES[priority >> 3]!;
  const rest = text.slice(pri[0].length);
  return rest.startsWith('1 ') ? parseRfc5424(rest.slice(2), level, facility) : parseRfc3164(rest, level, facility);
}

function parseRfc5424(text: string, level: SyslogLevel, facility: string): SyslogLog {
  const fields = /^(\S+) (\S+) (\S+) (\S+) (\S+) /.exec(text);
  if (!fields) throw new SyslogParseError('RFC 5424 header must be: <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID');
  const [, timestamp, hostname, appName, procId, msgId] = fields as unknown as string[];
  const { elements, end } = parseStructuredData(text, fields[0].length);
  let message = text.slice(end).replace(/^ /, '');
  if (message.startsWith('\uFEFF')) message = message.slice(1);
  const metadata: Record<string, unknown> = { facility };
  if (hostname !== NIL) metadata.hostname = hostname;
  if (procId !== NIL) metadata.procid = procId;
  if (msgId !== NIL) metadata.msgid = msgId;
  let apiKey: string | undefined;
  const structured: Record<string, Record<string, string>> = {};
  for (const [id, params] of elements) {
    if (AUTH_SD_ID.test(id)) apiKey = params.key;
    else structured[id] = params;
  }
  if (Object.keys(structured).length > 0) metadata.structured_data = structured;
  return {
    apiKey,
    log: {
      ...(appName === NIL ? {} : { service_id: appName }),
      level,
      message: message.trimEnd(),
      ...(timestamp === NIL ? {} : { timestamp }),
      metadata,
    },
  };
}

/** `[id p="v" ...][id2 ...]` or `-`; values escape `"`, `\` and `]` with a backslash. */
function parseStructuredData(text: string, start: number): { elements: [string, Record<string, string>][]; end: number } {
  const elements: [string, Record<string, string>][] = [];
  if (text[start] === '-') return { elements, end: start + 1 };
  let pos = start;
  while (text[pos] === '[') {
    const id = /^[^\s=\]"]{1,32}/.exec(text.slice(pos + 1, pos + 34))?.[0];
    if (!id) throw new SyslogParseError('structured data element has no SD-ID');
    pos += 1 + id.length;
    const params: Record<string, string> = {};
    while (text[pos] === ' ') {
      const name = /^[^\s=\]"]{1,32}/.exec(text.slice(pos + 1, pos + 34))?.[0];
      if (!name || text[pos + 1 + name.length] !== '=' || text[pos + 2 + name.length] !== '"')
        throw new SyslogParseError(`structured data element [${id}] has a malformed parameter`);
      pos += 3 + name.length;
      const { value, end } = paramValue(text, pos);
      if (end === -1) throw new SyslogParseError(`structured data element [${id}] has an unterminated value`);
      pos = end + 1;
      if (name !== '__proto__') params[name] = value;
    }
    if (text[pos] !== ']') throw new SyslogParseError(`structured data element [${id}] is not closed with ]`);
    pos++;
    if (id !== '__proto__') elements.push([id, params]);
  }
  if (pos === start) throw new SyslogParseError('structured data must be - or [SD-ID ...]');
  return { elements, end: pos };
}

/**
 * A PARAM-VALUE from `start` (just after its opening quote) to its closing quote (`end`; -1 when
 * there is none). Only `"`, `\` and `]` are escaped (RFC 5424 6.3.3); any other backslash is
 * kept. Copied slice by slice between escapes: values are mostly API keys and plain words.
 */
function paramValue(text: string, start: number): { value: string; end: number } {
  let value = '';
  let from = start;
  for (let pos = start; pos < text.length; pos++) {
    const char = text.charCodeAt(pos);
    if (char === 0x22) return { value: value + text.slice(from, pos), end: pos };
    if (char === 0x5c && ESCAPED.has(text[pos + 1] ?? '')) {
      value += text.slice(from, pos);
      from = ++pos;
    }
  }
  return { value, end: -1 };
}

/**
 * BSD syslog: `Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG`. Its timestamp has no year and no time
 * zone, so the receive time is used instead (and the sender's text kept in metadata).
 */
function parseRfc3164(text: string, level: SyslogLevel, facility: string): SyslogLog {
  const header = RFC3164_HEADER.exec(text);
  if (!header) return { log: { level, message: text.trimEnd(), metadata: { facility } } };
  const [, sentAt, hostname, tag, pid] = header as unknown as (string | undefined)[];
  const metadata: Record<string, unknown> = { facility, hostname, sent_at: sentAt };
  if (pid !== undefined) metadata.procid = pid;
  return { log: { service_id: tag, level, message: text.slice(header[0].length).trimEnd(), metadata } };
}
