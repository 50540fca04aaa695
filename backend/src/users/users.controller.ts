import { Body, Controller, Delete, Get, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../common/auth/auth.types';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../generated/prisma/enums';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserResponse } from './dto/user.response';
import { UsersService } from './users.service';
import { UuidParam } from '../common/uuid-param';

const ID_PARAM = { name: 'id', format: 'uuid', example: '5b1f3c2e-8d4a-4f7b-9c61-2a0e4b7d9f13' };

@ApiTags('users')
@Roles(Role.ADMIN)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user (ADMIN)' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiBadRequestResponse({ description: 'Invalid email, role, or a password that is too short or too long' })
  @ApiConflictResponse({ description: 'A user with this email (in any letter case) already exists' })
  async create(@Body() body: CreateUserDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.create(body));
  }

  @Get()
  @ApiOperation({ summary: 'List all users, active and deactivated, oldest first (ADMIN)' })
  @ApiOkResponse({ type: [UserResponse] })
  async list(): Promise<UserResponse[]> {
    return (await this.users.list()).map((user) => UserResponse.from(user));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user (ADMIN)' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: UserResponse })
  @ApiBadRequestResponse({ description: 'id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No user with this id' })
  async get(@UuidParam() id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.get(id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change role, active flag and/or password (ADMIN)',
    description: 'An admin cannot demote or deactivate themselves, and the last active admin cannot be removed (409).',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: UserResponse })
  @ApiBadRequestResponse({ description: 'Invalid field, or nothing to change' })
  @ApiNotFoundResponse({ description: 'No user with this id' })
  @ApiConflictResponse({ description: 'Would demote or deactivate yourself, or leave no active admin' })
  async update(@CurrentUser() actor: AuthenticatedUser, @UuidParam() id: string, @Body() body: UpdateUserDto): Promise<UserResponse> {
    return UserResponse.from(await this.users.update(actor.id, id, body));
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Deactivate a user (ADMIN)',
    description:
      'The user is kept for the paper trail (active=false); they can no longer sign in and their tokens stop working at once. ' +
      'Answers 200 with the deactivated user; repeating it is harmless.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: UserResponse })
  @ApiBadRequestResponse({ description: 'id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No user with this id' })
  @ApiConflictResponse({ description: 'Would deactivate yourself or the last active admin' })
  async deactivate(@CurrentUser() actor: AuthenticatedUser, @UuidParam() id: string): Promise<UserResponse> {
    return UserResponse.from(await this.users.deactivate(actor.id, id));
  }
}
