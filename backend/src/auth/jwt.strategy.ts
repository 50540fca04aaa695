import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UsersService } from '../users';
import type { AuthenticatedUser, JwtPayload } from '../common/auth/auth.types';
import { credentialOf } from './session-cookie';
import { authenticateTokenSubject } from './token-subject';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly users: UsersService,
  ) {
    super({
      // Bearer header, else the console's session cookie (whose writes CsrfGuard checks).
      jwtFromRequest: (request: { headers: Record<string, string | string[] | undefined> }) => credentialOf(request.headers)?.token ?? null,
      secretOrKey: config.auth.jwtSecret,
      // Only the algorithm we sign with: `alg: none` and algorithm-confusion tokens fail.
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  // The user is read on every request, so a deactivated user, a changed role or a revoked
  // token (password changed: `ver` is behind) takes effect at once, not when the token expires.
  validate(payload: JwtPayload): Promise<AuthenticatedUser> {
    return authenticateTokenSubject(this.users, payload);
  }
}
