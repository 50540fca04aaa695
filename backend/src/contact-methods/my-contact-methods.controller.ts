import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../common/auth/auth.types';
import { CurrentUser } from '../common/auth/decorators';
import { UuidParam } from '../common/uuid-param';
import { ContactMethodDocs } from './contact-methods-routes';
import { ContactMethodsService } from './contact-methods.service';
import { ContactMethodDto, ContactMethodTestResultDto, ContactMethodWithVerificationDto } from './dto/contact-method.dto';
import { CreateContactMethodDto, VerifyContactMethodDto } from './dto/create-contact-method.dto';

/** The signed-in user's own contact methods (every role). */
@ApiTags('contact methods')
@ApiBearerAuth('jwt')
@ApiUnauthorizedResponse({ description: 'Not signed in' })
@Controller('users/me/contact-methods')
export class MyContactMethodsController {
  constructor(private readonly methods: ContactMethodsService) {}

  @Get()
  @ContactMethodDocs.list()
  list(@CurrentUser() user: AuthenticatedUser): Promise<ContactMethodDto[]> {
    return this.methods.list(user.id);
  }

  @Post()
  @ContactMethodDocs.create()
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateContactMethodDto): Promise<ContactMethodWithVerificationDto> {
    return this.methods.create(user.id, body);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @ContactMethodDocs.verify()
  verify(@CurrentUser() user: AuthenticatedUser, @UuidParam() id: string, @Body() body: VerifyContactMethodDto): Promise<ContactMethodDto> {
    return this.methods.verify(user.id, id, body.code);
  }

  @Post(':id/send-verification')
  @HttpCode(200)
  @ContactMethodDocs.resend()
  resend(@CurrentUser() user: AuthenticatedUser, @UuidParam() id: string): Promise<ContactMethodWithVerificationDto> {
    return this.methods.resendCode(user.id, id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ContactMethodDocs.test()
  test(@CurrentUser() user: AuthenticatedUser, @UuidParam() id: string): Promise<ContactMethodTestResultDto> {
    return this.methods.sendTest(user.id, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ContactMethodDocs.remove()
  async remove(@CurrentUser() user: AuthenticatedUser, @UuidParam() id: string): Promise<void> {
    await this.methods.remove(user.id, id);
  }
}
