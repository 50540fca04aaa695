import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SyslogFrameDecoder } from './syslog-frames';
import { SyslogIntake } from './syslog-intake';

/**
 * The TCP and UDP syslog listeners on SYSLOG_PORT (off when unset). TCP is durable: a connection
 * is paused while the messages of its last chunk are being committed, so a sender faster than
 * the database is slowed down by TCP flow control, and at most one chunk plus one message
 * (SYSLOG_MAX_MESSAGE_BYTES) is held per connection. UDP has neither acknowledgement nor
 * backpressure: datagrams that arrive while the ingest queue is full are lost.
 */
@Injectable()
export class SyslogListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Syslog');
  private tcp?: Server;
  private udp?: UdpSocket;
  private readonly connections = new Set<Socket>();
  private closing = false;

  constructor(
    private readonly intake: SyslogIntake,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The TCP port actually bound (SYSLOG_PORT=0 picks a free one, for tests). */
  get tcpPort(): number | undefined {
    const address = this.tcp?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  get udpPort(): number | undefined {
    return this.udp?.address().port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port, host, maxConnections } = this.config.syslog;
    if (port === undefined) return;
    this.tcp = createServer((socket) => this.serve(socket));
    this.tcp.maxConnections = maxConnections;
    await new Promise<void>((resolve, reject) => {
      this.tcp!.once('error', reject);
      this.tcp!.listen(port, host, () => resolve());
    });
    this.udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    this.udp.on('message', (message, info) => {
      this.intake
        .receive([message], info.address, () => false)
        .catch((error: unknown) => this.intake.drop(1, error instanceof Error ? error.message : String(error)));
    });
    await new Promise<void>((resolve, reject) => {
      this.udp!.once('error', reject);
      // The same port number as TCP, as syslog senders expect.
      this.udp!.bind(this.tcpPort, host, () => resolve());
    });
    this.logger.log(`listening for syslog on ${host}:${this.tcpPort} (TCP and UDP)`);
  }

  /** Stop taking messages at the start of a shutdown; the group commit then drains what was handed in. */
  onModuleDestroy(): Promise<void> {
    this.closing = true;
    for (const socket of this.connections) socket.destroy();
    this.udp?.close();
    this.udp = undefined;
    return new Promise((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
  }

  private serve(socket: Socket): void {
    this.connections.add(socket);
    const decoder = new SyslogFrameDecoder(this.config.syslog.maxMessageBytes);
    const source = socket.remoteAddress;
    socket.on('data', (chunk: Buffer) => {
      // Nothing more is read from this sender until this chunk's messages are committed.
      socket.pause();
      const { messages, problems } = decoder.push(chunk);
      for (const problem of problems) this.intake.drop(1, `from ${source}: ${problem}`);
      void this.intake
        .receive(messages, source, () => !this.closing && !socket.destroyed)
        .catch((error: unknown) => this.intake.drop(messages.length, error instanceof Error ? error.message : String(error)))
        .finally(() => {
          if (!socket.destroyed) socket.resume();
        });
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.connections.delete(socket));
  }
}
