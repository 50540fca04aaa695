import { BadRequestException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { verifyPassword, type TokenIdentity, UsersService } from '../users';
import type { JwtPayload } from '../common/auth/auth.types';
import type { TokenResponse } from './dto/token.response';
import { LoginThrottleService } from './login-throttle.service';

// One message for unknown email, wrong password and deactivated account: the answer must
// not tell which emails have accounts.
const INVALID_CREDENTIALS = 'Invalid email or password';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly throttle: LoginThrottleService,
    private readonly jwt: JwtService,
  ) {}

  /** `email` is already lower-cased by the DTO. */
  async login(email: string, password: string, clientIp: string): Promise<TokenResponse> {
    await this.throttle.beginAttempt(email, clientIp);
    const user = await this.users.findCredentialsByEmail(email);
    // Always one bcrypt comparison (against a dummy hash for unknown emails): same time either way.
    const passwordMatches = await verifyPassword(password, user?.passwordHash);
    if (!user || !passwordMatches || !user.active) throw new UnauthorizedException(INVALID_CREDENTIALS);
    await this.throttle.succeeded(email, clientIp);
    return this.issueToken(user);
  }

  /**
   * Counts towards the same throttle as login: a stolen token must not become a way to
   * guess the password (which may be reused elsewhere). Every token issued so far is revoked,
   * the caller's included; the answer carries its replacement, so the session that changed
   * the password stays signed in and the others (perhaps a thief's) are signed out.
   */
  async changeOwnPassword(userId: string, currentPassword: string, newPassword: string, clientIp: string): Promise<TokenResponse> {
    const user = await this.users.findCredentialsById(userId);
    if (!user) throw new UnauthorizedException('User is unknown or deactivated');
    await this.throttle.beginAttempt(user.email, clientIp);
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new BadRequestException({
        message: 'current_password is incorrect',
        details: [{ field: 'current_password', errors: ['current_password is incorrect'] }],
      });
    }
    await this.throttle.succeeded(user.email, clientIp);
    if (newPassword === currentPassword) {
      throw new BadRequestException({
        message: 'new_password must differ from current_password',
        details: [{ field: 'new_password', errors: ['new_password must differ from current_password'] }],
      });
    }
    return this.issueToken(await this.users.changePassword(user.id, newPassword));
  }

  private async issueToken(user: TokenIdentity): Promise<TokenResponse> {
    const payload: JwtPayload = { sub: user.id, email: user.email, role: user.role, ver: user.tokenVersion };
    return {
      access_token: await this.jwt.signAsync(payload),
      token_type: 'Bearer',
      expires_in: this.config.auth.jwtExpiresIn.seconds,
    };
  }
}
