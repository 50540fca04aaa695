import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators';
import { Role } from '../generated/prisma/enums';
import { CreateNotificationChannelDto } from './dto/create-notification-channel.dto';
import { ChannelTestResultDto, NotificationChannelDto, NotificationChannelWithSecretDto } from './dto/notification-channel.dto';
import { ListDeliveriesQueryDto, NotificationDeliveryPageDto } from './dto/notification-delivery.dto';
import { UpdateNotificationChannelDto } from './dto/update-notification-channel.dto';
import { NotificationChannelsService } from './notification-channels.service';
import { UuidParam } from '../common/uuid-param';

@ApiTags('notification channels')
@Roles(Role.ADMIN)
@Controller('notification-channels')
export class NotificationChannelsController {
  constructor(private readonly channels: NotificationChannelsService) {}

  @Post()
  @ApiOperation({ summary: 'Add a Slack or webhook channel (a generated webhook secret is returned once)' })
  @ApiCreatedResponse({ type: NotificationChannelWithSecretDto })
  @ApiBadRequestResponse({ description: 'Invalid field, e.g. a url that is not http(s) or points to a private address' })
  create(@Body() body: CreateNotificationChannelDto): Promise<NotificationChannelWithSecretDto> {
    return this.channels.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List channels (URLs masked, secrets never shown)' })
  @ApiOkResponse({ type: [NotificationChannelDto] })
  list(): Promise<NotificationChannelDto[]> {
    return this.channels.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One channel' })
  @ApiOkResponse({ type: NotificationChannelDto })
  @ApiNotFoundResponse({ description: 'No such channel' })
  get(@UuidParam() id: string): Promise<NotificationChannelDto> {
    return this.channels.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a channel; rotate_secret returns the new secret once' })
  @ApiOkResponse({ type: NotificationChannelWithSecretDto })
  @ApiBadRequestResponse({ description: 'Invalid field' })
  @ApiNotFoundResponse({ description: 'No such channel' })
  update(@UuidParam() id: string, @Body() body: UpdateNotificationChannelDto): Promise<NotificationChannelWithSecretDto> {
    return this.channels.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a channel and its delivery history (to pause one, PATCH enabled=false)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such channel' })
  async remove(@UuidParam() id: string): Promise<void> {
    await this.channels.remove(id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a test message now (same timeout and address checks as real deliveries)' })
  @ApiOkResponse({ type: ChannelTestResultDto, description: 'Whether the receiver took it; a failure is reported, not thrown' })
  @ApiNotFoundResponse({ description: 'No such channel' })
  test(@UuidParam() id: string): Promise<ChannelTestResultDto> {
    return this.channels.sendTest(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: "The channel's deliveries, newest first, with their attempts and last error",
    description:
      'Finished deliveries are kept NOTIFY_HISTORY_RETENTION_DAYS (default 7) after their last change; pending ones until they finish.',
  })
  @ApiOkResponse({ type: NotificationDeliveryPageDto })
  @ApiNotFoundResponse({ description: 'No such channel' })
  deliveries(@UuidParam() id: string, @Query() query: ListDeliveriesQueryDto): Promise<NotificationDeliveryPageDto> {
    return this.channels.deliveries(id, query);
  }
}
