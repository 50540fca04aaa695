import { Body, Controller, Delete, Get, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import { ApiKeysService } from './api-keys.service';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.response';
import { UuidParam } from '../common/uuid-param';

@ApiTags('api-keys')
@Roles(Role.ADMIN)
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an API key for a service or tool, with its scopes and optional expiry (ADMIN)',
    description:
      'The key is in this response only; it is stored as a SHA-256 hash. Services send it as `X-API-Key` or `Authorization: Bearer`.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  @ApiBadRequestResponse({ description: 'name missing or too long, service_id invalid, an unknown scope, or expires_at not a future date' })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    const { key, record } = await this.apiKeys.create({
      name: body.name,
      serviceId: body.service_id ?? null,
      createdById: user.id,
      scopes: body.scopes,
      expiresAt: body.expires_at ? new Date(body.expires_at) : null,
    });
    return CreatedApiKeyResponse.withKey(record, key);
  }

  @Get()
  @ApiOperation({ summary: 'List API keys, newest first, revoked ones included (ADMIN); never the keys themselves' })
  @ApiOkResponse({ type: [ApiKeyResponse] })
  async list(): Promise<ApiKeyResponse[]> {
    return (await this.apiKeys.list()).map((record) => ApiKeyResponse.from(record));
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Revoke an API key (ADMIN)',
    description:
      'Takes effect at once on this instance, within 2 seconds on others. Answers 200 with the revoked key; repeating it is harmless.',
  })
  @ApiParam({ name: 'id', format: 'uuid', example: '0c7d5e7a-3b1e-4a4f-9d2b-6f1c8e2a9b44' })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiBadRequestResponse({ description: 'id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No API key with this id' })
  async revoke(@UuidParam() id: string): Promise<ApiKeyResponse> {
    return ApiKeyResponse.from(await this.apiKeys.revoke(id));
  }
}
