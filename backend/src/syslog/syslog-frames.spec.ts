import { SyslogFrameDecoder } from './syslog-frames';

const text = (messages: Buffer[]) => messages.map((m) => m.toString());

describe('SyslogFrameDecoder', () => {
  it('splits octet-counted and newline-framed messages, across chunk boundaries', () => {
    const decoder = new SyslogFrameDecoder(100);
    expect(text(decoder.push(Buffer.from('5 <1>ab6 <1>a')).messages)).toEqual(['<1>ab']);
    expect(text(decoder.push(Buffer.from('bc<2>line one\r\n<3>line')).messages)).toEqual(['<1>abc', '<2>line one']);
    expect(text(decoder.push(Buffer.from(' two\n')).messages)).toEqual(['<3>line two']);
  });

  it('skips an octet-counted frame over the limit without buffering it, and reads the next one', () => {
    const decoder = new SyslogFrameDecoder(10);
    const first = decoder.push(Buffer.from('50 ' + 'x'.repeat(20)));
    expect(first).toEqual({ messages: [], problems: ['message of 50 bytes skipped: over SYSLOG_MAX_MESSAGE_BYTES (10)'] });
    expect(text(decoder.push(Buffer.from('x'.repeat(30) + '3 <1>')).messages)).toEqual(['<1>']);
  });

  it('skips a line over the limit up to its end', () => {
    const decoder = new SyslogFrameDecoder(10);
    expect(decoder.push(Buffer.from('<1>' + 'y'.repeat(20))).problems).toHaveLength(1);
    expect(text(decoder.push(Buffer.from('yyy\n<2>ok\n')).messages)).toEqual(['<2>ok']);
  });

  it('skips a frame that is neither framing', () => {
    const decoder = new SyslogFrameDecoder(100);
    const result = decoder.push(Buffer.from('12x nonsense\n<1>ok\n'));
    expect(text(result.messages)).toEqual(['<1>ok']);
    expect(result.problems).toEqual(['frame skipped: "12x" is not an octet count']);
  });
});
