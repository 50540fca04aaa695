import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { choosePort, PORT_FILE, rememberedPort, rememberPort } from './embedded-port';
import { freePort } from './free-port';

describe('choosePort', () => {
  let root: string;
  const blockers: Server[] = [];
  const occupied = async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    blockers.push(server);
    return (server.address() as { port: number }).port;
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'embedded-port-'));
  });
  afterEach(async () => {
    for (const server of blockers.splice(0)) await new Promise((resolve) => server.close(resolve));
    await rm(root, { recursive: true, force: true });
  });

  it('takes the remembered port while it is free', async () => {
    const [last, preferred] = [await freePort(), await freePort()];
    await rememberPort(root, last);
    expect(await choosePort(root, preferred)).toBe(last);
  });

  it('takes the preferred port for a new data directory, or when the remembered one is busy', async () => {
    const preferred = await freePort();
    expect(await choosePort(root, preferred)).toBe(preferred);
    await rememberPort(root, await occupied());
    expect(await choosePort(root, preferred)).toBe(preferred);
  });

  it('takes any free port when both are busy', async () => {
    const [last, preferred] = [await occupied(), await occupied()];
    await rememberPort(root, last);
    const chosen = await choosePort(root, preferred);
    expect([last, preferred]).not.toContain(chosen);
    expect(chosen).toBeGreaterThan(0);
  });

  it('ignores a damaged or absurd port file', async () => {
    await writeFile(join(root, PORT_FILE), '{"port": 70000}');
    expect(await rememberedPort(root)).toBeUndefined();
    await writeFile(join(root, PORT_FILE), 'not json');
    expect(await rememberedPort(root)).toBeUndefined();
    const preferred = await freePort();
    expect(await choosePort(root, preferred)).toBe(preferred);
  });
});
