import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import * as oidc from 'openid-client';
import { AuditTrail } from '../../audit';
import { Clock } from '../../common/clock';
import { type TokenIdentity, UsersService } from '../../users';
import { OidcProviderClient } from './oidc-provider-client';
import { roleFromClaims } from './sso-role';
import { SsoLoginStatesRepository } from './sso-login-states.repository';

/** Sign-ins in flight at once, across instances; more are refused until some finish or expire. */
const MAX_PENDING_SIGN_INS = 10_000;

/** Why an SSO sign-in was refused: the console shows a sentence per reason (the code goes in the URL). */
export type SsoRefusal =
  | 'state_mismatch'
  | 'state_unknown'
  | 'provider_error'
  | 'token_rejected'
  | 'no_email'
  | 'email_unverified'
  | 'account_conflict'
  | 'deactivated'
  | 'unavailable';

export class SsoSignInRefused extends Error {
  constructor(
    readonly reason: SsoRefusal,
    detail: string,
  ) {
    super(detail);
  }
}

const hashState = (state: string) => createHash('sha256').update(state).digest('hex');

/**
 * OpenID Connect sign-in, authorization code + PKCE (S256) with state and nonce. The state is
 * kept server-side (one use, 10 minutes) and also in a cookie of the browser that started the
 * sign-in, so a callback is accepted once, and only in that browser (no login CSRF).
 */
@Injectable()
export class SsoSignInService {
  private readonly logger = new Logger(SsoSignInService.name);

  constructor(
    private readonly provider: OidcProviderClient,
    private readonly states: SsoLoginStatesRepository,
    private readonly users: UsersService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /** The provider's authorization URL to send the browser to, and the state to put in its cookie. */
  async begin(): Promise<{ url: string; state: string }> {
    const configuration = await this.reachProvider();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const verifier = oidc.randomPKCECodeVerifier();
    if (!(await this.states.save(hashState(state), verifier, nonce, this.clock.now(), MAX_PENDING_SIGN_INS))) {
      throw new HttpException(
        { message: 'Too many sign-ins in progress; try again in a few minutes', retryAfterSeconds: 60 },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    const sso = this.provider.settings;
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: sso.redirectUrl,
      scope: sso.scopes,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, state };
  }

  /**
   * Checks the callback (state against the cookie and the stored sign-in, then the code
   * exchange with PKCE, and the ID token's signature, issuer, audience, expiry and nonce by
   * openid-client) and finds or creates the user. Throws SsoSignInRefused.
   */
  async complete(query: Record<string, string | undefined>, cookieState: string | undefined): Promise<TokenIdentity> {
    try {
      return await this.completeOrRefuse(query, cookieState);
    } catch (error) {
      if (error instanceof SsoSignInRefused) {
        this.logger.warn(`SSO sign-in refused (${error.reason}): ${error.message}`);
        await this.audit.record({
          action: 'auth.sign_in_failed',
          targetType: 'session',
          actor: { type: 'anonymous', label: 'sso' },
          after: { method: 'sso', reason: error.reason },
        });
      }
      throw error;
    }
  }

  private async completeOrRefuse(query: Record<string, string | undefined>, cookieState: string | undefined): Promise<TokenIdentity> {
    const state = query.state;
    if (!state || !cookieState || !sameText(state, cookieState)) {
      throw new SsoSignInRefused('state_mismatch', 'the state does not match the one this browser started with');
    }
    const started = await this.states.take(hashState(state), this.clock.now());
    if (!started) throw new SsoSignInRefused('state_unknown', 'this sign-in was already used, or is older than 10 minutes');
    if (query.error) throw new SsoSignInRefused('provider_error', `the provider answered ${query.error.slice(0, 100)}`);

    const configuration = await this.reachProvider();
    // The URL the provider redirected to, rebuilt from PUBLIC_URL (not from the Host header).
    const callback = new URL(this.provider.settings.redirectUrl);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) callback.searchParams.set(name, value);
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, callback, {
        pkceCodeVerifier: started.codeVerifier,
        expectedState: state,
        expectedNonce: started.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new SsoSignInRefused('token_rejected', error instanceof Error ? error.message : String(error));
    }
    const idToken = tokens.claims()!;
    let claims: Record<string, unknown> = { ...idToken };
    // Providers that follow the spec strictly put scope claims (email, groups) in userinfo only.
    if (claims.email === undefined || claims[this.provider.settings.roleClaim] === undefined) {
      try {
        claims = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)), ...claims };
      } catch (error) {
        throw new SsoSignInRefused('token_rejected', `userinfo: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return this.userFor(`${idToken.iss} ${idToken.sub}`, claims);
  }

  /** Finds the user by their SSO identity, else links an account with the same verified email, else creates one. */
  private async userFor(subject: string, claims: Record<string, unknown>): Promise<TokenIdentity> {
    const role = roleFromClaims(claims, this.provider.settings);
    let user = await this.users.findBySsoSubject(subject);
    if (!user) {
      const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
      if (!email) throw new SsoSignInRefused('no_email', 'the ID token has no email claim (ask for the email scope)');
      const existing = await this.users.findSsoUserByEmail(email);
      if (existing) {
        // Taking over an existing account on the provider's word needs the provider to vouch for the email.
        if (claims.email_verified !== true) throw new SsoSignInRefused('email_unverified', `the provider did not verify ${email}`);
        if (!(await this.users.linkSsoSubject(existing.id, subject))) {
          throw new SsoSignInRefused('account_conflict', `${email} is already linked to another SSO identity`);
        }
        user = { ...existing, ssoSubject: subject };
      } else {
        const created = await this.users.createFromSso({ email, role, ssoSubject: subject });
        user = { id: created.id, email: created.email, role: created.role, active: created.active, tokenVersion: 0, ssoSubject: subject };
      }
    }
    if (!user.active) throw new SsoSignInRefused('deactivated', `${user.email} is deactivated`);
    const appliedRole = await this.users.applySsoRole(user.id, role);
    await this.audit.record({
      action: 'auth.signed_in',
      targetType: 'session',
      actor: { type: 'user', id: user.id, label: user.email },
      after: { method: 'sso' },
    });
    return { id: user.id, email: user.email, role: appliedRole, tokenVersion: user.tokenVersion };
  }

  private async reachProvider(): Promise<oidc.Configuration> {
    try {
      return await this.provider.configuration();
    } catch (error) {
      this.logger.warn(`SSO provider unreachable: ${error instanceof Error ? error.message : String(error)}`);
      throw new SsoSignInRefused('unavailable', 'the identity provider could not be reached');
    }
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
