import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PrismaService } from '../database/prisma.service';
import type { AuthenticatedUser, JwtPayload } from './auth.types';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly prisma: PrismaService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.auth.jwtSecret,
      // Only the algorithm we sign with: `alg: none` and algorithm-confusion tokens fail.
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  // The user is read on every request, so a deactivated user or a changed role takes effect
  // at once, not when the token expires.
  async validate(payload: JwtPayload): Promise<AuthenticatedUser> {
    if (typeof payload?.sub !== 'string') throw new UnauthorizedException('Invalid token');
    const user = await this.prisma.user.findUnique({
      where: { id: payload.sub },
      select: { id: true, email: true, role: true, active: true },
    });
    if (!user || !user.active) throw new UnauthorizedException('User is unknown or deactivated');
    return { id: user.id, email: user.email, role: user.role };
  }
}
