import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { UserResponse, UsersService } from '../users';
import { AuthService } from './auth.service';
import type { AuthenticatedUser } from '../common/auth/auth.types';
import { CurrentUser, Public } from '../common/auth/decorators';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { TokenResponse } from './dto/token.response';

const THROTTLED = {
  description: 'Too many failed attempts for this email from this address; see Retry-After',
  headers: { 'Retry-After': { description: 'Seconds until another attempt is allowed', schema: { type: 'integer', example: 840 } } },
};

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Exchange email and password for a JWT',
    description: 'After LOGIN_MAX_ATTEMPTS failures for one email from one client address within LOGIN_WINDOW_MINUTES: 429.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiBadRequestResponse({ description: 'email or password missing or malformed' })
  @ApiUnauthorizedResponse({ description: 'Unknown email, wrong password or deactivated account (one answer for all)' })
  @ApiTooManyRequestsResponse(THROTTLED)
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<TokenResponse> {
    // request.ip is the socket's peer: trustProxy is off, so X-Forwarded-For cannot be forged
    // to dodge the throttle (behind a proxy every client shares its address; see the README).
    return this.auth.login(body.email, body.password, request.ip);
  }

  @Get('me')
  @ApiBearerAuth('jwt')
  @ApiOperation({ summary: 'The signed-in user (any role)' })
  @ApiOkResponse({ type: UserResponse })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked token, or deactivated user' })
  async me(@CurrentUser() user: AuthenticatedUser): Promise<UserResponse> {
    return UserResponse.from(await this.users.get(user.id));
  }

  @Post('password')
  @ApiBearerAuth('jwt')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: "Change one's own password (any role)",
    description:
      'Every token issued to this user before the change is revoked (401 from then on), including the one that made ' +
      'this request: the answer carries a new token to use instead. Other sessions must sign in again.',
  })
  @ApiOkResponse({ type: TokenResponse, description: 'Password changed; the replacement token' })
  @ApiBadRequestResponse({ description: 'current_password is wrong, or new_password is unacceptable or unchanged' })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked token, or deactivated user' })
  @ApiTooManyRequestsResponse(THROTTLED)
  async changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<TokenResponse> {
    return this.auth.changeOwnPassword(user.id, body.current_password, body.new_password, request.ip);
  }
}
