import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../generated/prisma/enums';
import { MIN_ROLE } from '../../common/auth/decorators';
import { hasAtLeastRole } from '../role-rank';

/** Global, after JwtAuthGuard: enforces @Roles(minimum). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const minimum = this.reflector.getAllAndOverride<Role | undefined>(MIN_ROLE, [context.getHandler(), context.getClass()]);
    if (!minimum) return true;
    const user = context.switchToHttp().getRequest<FastifyRequest>().user;
    if (!user) return true; // public or API-key route: nothing to compare
    if (!hasAtLeastRole(user.role, minimum)) {
      throw new ForbiddenException(`This action requires role ${minimum} or higher; you are ${user.role}`);
    }
    return true;
  }
}
