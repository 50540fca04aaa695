import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators';
import { Role } from '../generated/prisma/enums';
import { ServiceListDto } from './dto/service.dto';
import { LogsService } from './logs.service';

@ApiTags('logs')
@Roles(Role.VIEWER)
@Controller('services')
export class ServicesController {
  constructor(private readonly logs: LogsService) {}

  @Get()
  @ApiOperation({ summary: 'Every service that sent logs: first and last seen, and its logs per level over the last hour' })
  @ApiOkResponse({ type: ServiceListDto })
  list(): Promise<ServiceListDto> {
    return this.logs.services();
  }
}
