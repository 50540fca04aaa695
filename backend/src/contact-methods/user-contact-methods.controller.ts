import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators';
import { UuidParam } from '../common/uuid-param';
import { Role } from '../generated/prisma/enums';
import { UsersService } from '../users';
import { ContactMethodDocs } from './contact-methods-routes';
import { ContactMethodsService } from './contact-methods.service';
import { ContactMethodDto, ContactMethodTestResultDto, ContactMethodWithVerificationDto } from './dto/contact-method.dto';
import { CreateContactMethodDto, VerifyContactMethodDto } from './dto/create-contact-method.dto';

/** Anyone's contact methods, for admins (e.g. to set up a new colleague's pager, or remove a leaver's). */
@ApiTags('contact methods')
@Roles(Role.ADMIN)
@ApiNotFoundResponse({ description: 'No such user' })
@Controller('users/:userId/contact-methods')
export class UserContactMethodsController {
  constructor(
    private readonly methods: ContactMethodsService,
    private readonly users: UsersService,
  ) {}

  @Get()
  @ContactMethodDocs.list()
  async list(@UuidParam('userId') userId: string): Promise<ContactMethodDto[]> {
    await this.users.get(userId);
    return this.methods.list(userId);
  }

  @Post()
  @ContactMethodDocs.create()
  async create(@UuidParam('userId') userId: string, @Body() body: CreateContactMethodDto): Promise<ContactMethodWithVerificationDto> {
    await this.users.get(userId);
    return this.methods.create(userId, body);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @ContactMethodDocs.verify()
  verify(@UuidParam('userId') userId: string, @UuidParam() id: string, @Body() body: VerifyContactMethodDto): Promise<ContactMethodDto> {
    return this.methods.verify(userId, id, body.code);
  }

  @Post(':id/send-verification')
  @HttpCode(200)
  @ContactMethodDocs.resend()
  resend(@UuidParam('userId') userId: string, @UuidParam() id: string): Promise<ContactMethodWithVerificationDto> {
    return this.methods.resendCode(userId, id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ContactMethodDocs.test()
  test(@UuidParam('userId') userId: string, @UuidParam() id: string): Promise<ContactMethodTestResultDto> {
    return this.methods.sendTest(userId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ContactMethodDocs.remove()
  async remove(@UuidParam('userId') userId: string, @UuidParam() id: string): Promise<void> {
    await this.methods.remove(userId, id);
  }
}
