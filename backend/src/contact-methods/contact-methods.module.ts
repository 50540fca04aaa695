import { AuditModule } from '../audit';
import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications';
import { UsersModule } from '../users';
import { ContactMethodsRepository } from './contact-methods.repository';
import { ContactMethodsService } from './contact-methods.service';
import { MyContactMethodsController } from './my-contact-methods.controller';
import { UserContactMethodsController } from './user-contact-methods.controller';

/**
 * People's contact methods and their verification. Pages to them are delivered by the
 * notifications' worker, which reads the verified ones when it fans an incident.escalated out.
 */
@Module({
  imports: [AuditModule, NotificationsModule, UsersModule],
  controllers: [MyContactMethodsController, UserContactMethodsController],
  providers: [ContactMethodsService, ContactMethodsRepository],
})
export class ContactMethodsModule {}
