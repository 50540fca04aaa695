import { Drain, templateText, WILDCARD } from './drain';
import { tokenize } from './message-masking';
import { PatternMiner } from './pattern-miner';

const learn = (drain: Drain, message: string) => drain.add(tokenize(message));

describe('Drain template mining', () => {
  it('puts messages that differ only in masked values into one template', () => {
    const drain = new Drain();
    const a = learn(drain, 'User 42 logged in from 10.0.0.1');
    const b = learn(drain, 'User 7 logged in from 192.168.0.9');
    expect(b.id).toBe(a.id);
    expect(templateText(b)).toBe('User <NUM> logged in from <IP>');
    expect(b.size).toBe(2);
  });

  it('generalises differing words to <*> when the rest is similar enough', () => {
    const drain = new Drain();
    learn(drain, 'Payment gateway timeout after 5000ms for tx_123');
    const cluster = learn(drain, 'Payment gateway failure after 250ms for tx_9');
    expect(templateText(cluster)).toBe(`Payment gateway ${WILDCARD} after <DURATION> for tx_<NUM>`);
    expect(drain.clusterCount).toBe(1);
  });

  it('keeps messages below the similarity threshold apart', () => {
    const drain = new Drain({ similarityThreshold: 0.5 });
    const a = learn(drain, 'Database connection refused by primary node');
    const b = learn(drain, 'Database connection pool exhausted, 20 waiting');
    expect(b.id).not.toBe(a.id);
    expect(drain.clusterCount).toBe(2);
  });

  it('routes by the first tokens, so a different leading word starts a new template', () => {
    const drain = new Drain();
    const a = learn(drain, 'Payment gateway timeout after 5000ms');
    const b = learn(drain, 'Payment processor timeout after 5000ms');
    expect(b.id).not.toBe(a.id);
  });

  it('never joins messages of different token counts', () => {
    const drain = new Drain();
    const a = learn(drain, 'Cache miss for key 5f2b9c1e8a7d');
    const b = learn(drain, 'Cache miss for key 5f2b9c1e8a7d again');
    expect(b.id).not.toBe(a.id);
  });

  it('matches a message to a known template without learning from it', () => {
    const drain = new Drain();
    learn(drain, 'Payment gateway timeout after 5000ms for tx_123');
    learn(drain, 'Payment gateway failure after 250ms for tx_9');
    const before = drain.clusters().map(templateText);
    expect(drain.match(tokenize('Payment gateway rejection after 1s for tx_77'))).toBeDefined();
    expect(drain.match(tokenize('Disk full on /var/lib/postgresql'))).toBeUndefined();
    expect(drain.clusters().map(templateText)).toEqual(before);
    expect(drain.clusters()[0]!.size).toBe(2);
  });

  it('keeps at most maxClusters, evicting the least recently used', () => {
    const evicted: string[] = [];
    const drain = new Drain({ maxClusters: 3 }, (cluster) => evicted.push(templateText(cluster)));
    learn(drain, 'alpha one');
    learn(drain, 'beta two three');
    learn(drain, 'gamma four five six');
    learn(drain, 'alpha one'); // alpha is now the most recent
    learn(drain, 'delta seven eight nine ten');
    expect(drain.clusterCount).toBe(3);
    expect(evicted).toEqual(['beta two three']);
    expect(drain.clusters().map(templateText).sort()).toEqual(['alpha one', 'delta seven eight nine ten', 'gamma four five six']);
  });

  it('stays bounded under a flood of distinct messages', () => {
    const drain = new Drain({ maxClusters: 50 });
    const words = ['red', 'green', 'blue', 'cyan', 'magenta', 'yellow', 'black', 'white'];
    for (let i = 0; i < 5000; i++) {
      const n = 2 + (i % 30);
      learn(
        drain,
        Array.from(
          { length: n },
          (_, j) => words[(i * 7 + j * 3 + Math.floor(i / 8)) % words.length] + String.fromCharCode(97 + ((i + j) % 26)),
        ).join(' '),
      );
    }
    expect(drain.clusterCount).toBeLessThanOrEqual(50);
  });
});

describe('PatternMiner', () => {
  const at = (iso: string) => Date.parse(iso);

  it('counts templates with first and last seen, an example, services and levels', () => {
    const miner = new PatternMiner();
    miner.add({ message: 'User 42 logged in from 10.0.0.1', serviceId: 'auth', level: 'INFO', timestampMs: at('2026-01-01T10:05:00Z') });
    miner.add({ message: 'User 7 logged in from 10.0.0.2', serviceId: 'auth', level: 'INFO', timestampMs: at('2026-01-01T10:01:00Z') });
    miner.add({ message: 'User 9 logged in from 10.0.0.3', serviceId: 'web', level: 'WARN', timestampMs: at('2026-01-01T10:03:00Z') });
    miner.add({
      message: 'Payment gateway timeout after 5000ms',
      serviceId: 'pay',
      level: 'ERROR',
      timestampMs: at('2026-01-01T10:02:00Z'),
    });

    const [first, second] = miner.top(10);
    expect(first).toMatchObject({
      template: 'User <NUM> logged in from <IP>',
      count: 3,
      firstSeenMs: at('2026-01-01T10:01:00Z'),
      lastSeenMs: at('2026-01-01T10:05:00Z'),
      example: 'User 42 logged in from 10.0.0.1',
    });
    expect(Object.fromEntries(first!.services)).toEqual({ auth: 2, web: 1 });
    expect(Object.fromEntries(first!.levels)).toEqual({ INFO: 2, WARN: 1 });
    expect(second!.template).toBe('Payment gateway timeout after <DURATION>');
    expect(miner.total).toBe(4);
  });

  it('counts the logs of evicted templates in the other bucket', () => {
    const miner = new PatternMiner({ drain: { maxClusters: 2 } });
    miner.add({ message: 'first kind of message', serviceId: 's', level: 'INFO', timestampMs: 1 });
    miner.add({ message: 'first kind of message', serviceId: 's', level: 'INFO', timestampMs: 2 });
    miner.add({ message: 'second sort here', serviceId: 's', level: 'INFO', timestampMs: 3 });
    miner.add({ message: 'third', serviceId: 's', level: 'INFO', timestampMs: 4 });
    expect(miner.templateCount).toBe(2);
    expect(miner.other).toEqual({ count: 2, templatesEvicted: 1, firstSeenMs: 1, lastSeenMs: 2 });
    expect(miner.top(10).reduce((sum, p) => sum + p.count, 0) + miner.other.count).toBe(miner.total);
  });
});
