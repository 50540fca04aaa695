import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** A person at the identity provider: the claims it vouches for. */
export interface OidcAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  groups?: string[];
}

export interface OidcClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

/**
 * A real OpenID Provider (the certified `oidc-provider` package) on loopback. The login and
 * consent screens are replaced by one step that signs in `signInAs` (the tests choose who
 * the person is; everything after that, codes, tokens and their checks, is the provider's own).
 */
export class TestOidcProvider {
  signInAs?: OidcAccount;
  /** Answers the next token request with this instead of the provider's answer (a substituted token). */
  nextTokenResponse?: Record<string, unknown>;
  private readonly accounts = new Map<string, OidcAccount>();
  private server?: Server;
  private provider?: Provider;
  issuer = '';

  /** Listens first, so that the issuer URL is known before the clients are registered. */
  async listen(): Promise<string> {
    this.server = createServer((request, response) => {
      if (!this.provider) return void response.writeHead(503).end();
      if (request.url?.startsWith('/interaction/')) return void this.finishInteraction(request, response);
      if (request.method === 'POST' && request.url === '/token' && this.nextTokenResponse) {
        const body = JSON.stringify(this.nextTokenResponse);
        this.nextTokenResponse = undefined;
        request.resume();
        return void response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      }
      this.provider.callback()(request, response);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.issuer;
  }

  start(clients: OidcClient[]): void {
    this.provider = new Provider(this.issuer, {
      clients: clients.map((client) => ({ ...client, grant_types: ['authorization_code'], response_types: ['code'] })),
      pkce: { required: () => true },
      scopes: ['openid', 'email', 'profile', 'offline_access'],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
      findAccount: (_ctx, sub) => {
        const account = this.accounts.get(sub);
        return account ? { accountId: sub, claims: () => ({ ...account }) } : undefined;
      },
      cookies: { keys: ['test-cookie-key-not-a-secret'] },
      features: { devInteractions: { enabled: false } },
      // Short-lived ID tokens, so a test can move the app's clock past their expiry while the
      // sign-in itself (10 minutes) is still fresh.
      ttl: { IdToken: 60 },
    });
  }

  private async finishInteraction(
    request: import('node:http').IncomingMessage,
    response: import('node:http').ServerResponse,
  ): Promise<void> {
    const provider = this.provider!;
    try {
      const details = await provider.interactionDetails(request, response);
      const account = this.signInAs;
      if (!account) throw new Error('TestOidcProvider: set signInAs before a sign-in');
      this.accounts.set(account.sub, account);
      const grant = new provider.Grant({ accountId: account.sub, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(
        request,
        response,
        { login: { accountId: account.sub }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A cookie jar per origin, enough to follow a sign-in through redirects. */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  header(url: string): string {
    return [...(this.cookies.get(new URL(url).origin)?.entries() ?? [])].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  store(url: string, response: Response): void {
    const origin = new URL(url).origin;
    const jar = this.cookies.get(origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (/max-age=0/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.cookies.set(origin, jar);
  }

  get(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).origin)?.get(name);
  }
}

/**
 * Follows redirects by hand from `url` as a browser would (cookies per origin), and stops
 * without fetching at the first URL `stopAt` accepts; returns that URL.
 */
export async function followRedirects(url: string, jar: CookieJar, stopAt: (url: string) => boolean, maxHops = 10): Promise<string> {
  let current = url;
  for (let hop = 0; hop < maxHops; hop += 1) {
    if (stopAt(current)) return current;
    const response = await fetch(current, { redirect: 'manual', headers: { cookie: jar.header(current) } });
    jar.store(current, response);
    const location = response.headers.get('location');
    if (!location) throw new Error(`no redirect from ${current} (${response.status}): ${await response.text()}`);
    current = new URL(location, current).toString();
  }
  throw new Error(`too many redirects from ${url}`);
}
