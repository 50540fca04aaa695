import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../common/auth/auth.types';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../generated/prisma/enums';
import { SettingsDto, UpdateSettingsDto } from './dto/settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Settings changed at run time (sign-in methods)' })
  @ApiOkResponse({ type: SettingsDto })
  get(): Promise<SettingsDto> {
    return this.settings.get();
  }

  @Patch()
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Change a setting; audited' })
  @ApiOkResponse({ type: SettingsDto })
  @ApiBadRequestResponse({ description: 'local_passwords cannot be turned off without working SSO (the message says why)' })
  update(@CurrentUser() user: AuthenticatedUser, @Body() body: UpdateSettingsDto): Promise<SettingsDto> {
    return this.settings.update(user, body);
  }
}
