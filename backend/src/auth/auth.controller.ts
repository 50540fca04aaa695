import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
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
  description:
    'Too many attempts: from this client address (any email), or failures for this email from this address, or ' +
    'for this email from all addresses (an address that signed in to it recently is spared that one). Nothing ' +
    'was checked; retry after Retry-After seconds',
  headers: { 'Retry-After': { description: 'Seconds until another attempt is allowed', schema: { type: 'integer', example: 840 } } },
};

const HASHING_BUSY = {
  description: 'Too many passwords being checked at once on this instance: nothing was checked or counted; retry after Retry-After seconds',
  headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', example: 2 } } },
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
    description:
      'Limits, each answered 429 with Retry-After: LOGIN_ADDRESS_MAX_PER_MINUTE attempts per client address; ' +
      'LOGIN_MAX_ATTEMPTS failures for one email from one address within LOGIN_WINDOW_MINUTES; past ' +
      'LOGIN_ACCOUNT_MAX_ATTEMPTS failures for one email from all addresses, a backoff (1 s, 2 s, 4 s...) for ' +
      'addresses that have not signed in to it in the last 30 days. The client address is the TCP peer, or the ' +
      'client named by a proxy listed in TRUST_PROXY.',
  })
  @ApiOkResponse({ type: TokenResponse })
  @ApiBadRequestResponse({ description: 'email or password missing or malformed' })
  @ApiUnauthorizedResponse({ description: 'Unknown email, wrong password or deactivated account (one answer for all)' })
  @ApiTooManyRequestsResponse(THROTTLED)
  @ApiServiceUnavailableResponse(HASHING_BUSY)
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<TokenResponse> {
    // request.ip is the socket's peer unless it is a proxy listed in TRUST_PROXY: only then is
    // X-Forwarded-For read, so a client cannot forge it to dodge the limits.
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
  @ApiServiceUnavailableResponse(HASHING_BUSY)
  async changePassword(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<TokenResponse> {
    return this.auth.changeOwnPassword(user.id, body.current_password, body.new_password, request.ip);
  }
}
