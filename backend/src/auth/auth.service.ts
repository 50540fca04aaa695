import { BadRequestException, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditTrail } from '../audit';
import { SettingsService } from '../settings';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { GateLane } from '../common/concurrency-gate';
import { PasswordHasher, type TokenIdentity, UsersService } from '../users';
import type { JwtPayload } from '../common/auth/auth.types';
import { clientAddressKey } from './client-address';
import type { TokenResponse } from './dto/token.response';
import { LoginAddressBudget } from './login-address-budget.service';
import { LoginThrottleService, type LoginAttempt } from './login-throttle.service';

// One message for unknown email, wrong password and deactivated account: the answer must
// not tell which emails have accounts.
const INVALID_CREDENTIALS = 'Invalid email or password';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly throttle: LoginThrottleService,
    private readonly addressBudget: LoginAddressBudget,
    private readonly passwords: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly audit: AuditTrail,
    private readonly settings: SettingsService,
  ) {}

  /**
   * `email` is already lower-cased by the DTO. Cheapest refusal first: the address's budget
   * (memory), then the throttle (one transaction), then the password (bcrypt, gated).
   */
  async login(email: string, password: string, clientIp: string): Promise<TokenResponse> {
    const address = clientAddressKey(clientIp);
    this.addressBudget.spend(address);
    await this.refuseWhenPasswordsAreOff();
    const attempt = await this.throttle.beginAttempt(email, address);
    const user = await this.users.findCredentialsByEmail(email);
    // Always one bcrypt comparison (against a dummy hash for unknown emails): same time either way.
    // An address that signed in to this account before is let in first when hashing is busy.
    const passwordMatches = await this.checkPassword(
      attempt,
      password,
      user?.passwordHash ?? undefined,
      attempt.knownAddress ? 'first' : 'normal',
    );
    if (!user || !passwordMatches || !user.active) {
      // The attempted email is kept (it says whom someone tried); the password never is.
      await this.audit.record({ action: 'auth.sign_in_failed', targetType: 'session', actor: { type: 'anonymous', label: email } });
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    await this.throttle.succeeded(email, address);
    await this.audit.record({ action: 'auth.signed_in', targetType: 'session', actor: { type: 'user', id: user.id, label: user.email } });
    return this.issueToken(user);
  }

  /**
   * Counts towards the same throttle as login: a stolen token must not become a way to
   * guess the password (which may be reused elsewhere). Every token issued so far is revoked,
   * the caller's included; the answer carries its replacement, so the session that changed
   * the password stays signed in and the others (perhaps a thief's) are signed out.
   */
  async changeOwnPassword(userId: string, currentPassword: string, newPassword: string, clientIp: string): Promise<TokenResponse> {
    const address = clientAddressKey(clientIp);
    this.addressBudget.spend(address);
    await this.refuseWhenPasswordsAreOff();
    const user = await this.users.findCredentialsById(userId);
    if (!user) throw new UnauthorizedException('User is unknown or deactivated');
    if (user.passwordHash === null) {
      throw new BadRequestException({
        message: 'This account signs in through SSO and has no local password to change',
        details: [{ field: 'current_password', errors: ['this account has no local password'] }],
      });
    }
    const attempt = await this.throttle.beginAttempt(user.email, address);
    // The caller holds a valid token: it goes first, like a known address.
    if (!(await this.checkPassword(attempt, currentPassword, user.passwordHash, 'first'))) {
      throw new BadRequestException({
        message: 'current_password is incorrect',
        details: [{ field: 'current_password', errors: ['current_password is incorrect'] }],
      });
    }
    await this.throttle.succeeded(user.email, address);
    if (newPassword === currentPassword) {
      throw new BadRequestException({
        message: 'new_password must differ from current_password',
        details: [{ field: 'new_password', errors: ['new_password must differ from current_password'] }],
      });
    }
    return this.issueToken(await this.users.changePassword(user.id, newPassword));
  }

  /** A 503 from the busy hash gate means the password was never checked: not a failed guess. */
  private async checkPassword(attempt: LoginAttempt, password: string, hash: string | undefined, lane: GateLane): Promise<boolean> {
    try {
      return await this.passwords.verify(password, hash, lane);
    } catch (error) {
      await this.throttle.release(attempt);
      throw error;
    }
  }

  private async refuseWhenPasswordsAreOff(): Promise<void> {
    if (!(await this.settings.localPasswordsEnabled())) {
      throw new ForbiddenException('Sign-in with a password is turned off here: sign in through SSO');
    }
  }

  /** A token for a person who proved who they are (password here, or SSO). */
  async issueToken(user: TokenIdentity): Promise<TokenResponse> {
    const payload: JwtPayload = { sub: user.id, email: user.email, role: user.role, ver: user.tokenVersion };
    return {
      access_token: await this.jwt.signAsync(payload),
      token_type: 'Bearer',
      expires_in: this.config.auth.jwtExpiresIn.seconds,
    };
  }
}
