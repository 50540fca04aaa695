import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Roles } from '../common/auth/decorators';
import { Role } from '../generated/prisma/enums';
import { SERVICE_ID_PATTERN } from '../common/service-id';
import { ServiceDetailDto, ServiceListDto, ServicesQueryDto } from './dto/service.dto';
import { ServiceSummaries } from './service-summaries';

class ServiceIdParam {
  @ApiProperty({ example: 'payment-service' })
  @Matches(SERVICE_ID_PATTERN, { message: 'service_id must be 1-128 characters of A-Z, a-z, 0-9, ".", "_" or "-"' })
  service_id!: string;
}

@ApiTags('logs')
@Roles(Role.VIEWER)
@Controller('services')
export class ServicesController {
  constructor(private readonly services: ServiceSummaries) {}

  @Get()
  @ApiOperation({
    summary: 'Every service that sent logs: first and last seen, logs per level over the last hour, sparklines, unresolved incidents',
    description:
      '`activity` (per service): logs and ERROR+FATAL logs per bucket over the last hour by minute (default) or the last day ' +
      'by hour (`?activity=24h`); the top-level `activity` says where the buckets start.',
  })
  @ApiOkResponse({ type: ServiceListDto })
  @ApiBadRequestResponse({ description: 'activity other than 1h or 24h' })
  list(@Query() query: ServicesQueryDto): Promise<ServiceListDto> {
    return this.services.list(query.activity);
  }

  @Get(':service_id')
  @ApiOperation({
    summary: 'One service, as the list shows it (its logs: GET /logs?service_id=..., its incidents: GET /incidents?service_id=...)',
  })
  @ApiOkResponse({ type: ServiceDetailDto })
  @ApiBadRequestResponse({ description: 'Not a service id, or activity other than 1h or 24h' })
  @ApiNotFoundResponse({ description: 'No logs were ever received for this service' })
  one(@Param() params: ServiceIdParam, @Query() query: ServicesQueryDto): Promise<ServiceDetailDto> {
    return this.services.one(params.service_id, query.activity);
  }
}
