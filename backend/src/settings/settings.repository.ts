import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface Settings {
  localPasswords: boolean;
  updatedAt: Date;
}

/** The one row of `app_settings` (created by its migration). */
@Injectable()
export class SettingsRepository {
  constructor(private readonly prisma: PrismaService) {}

  read(): Promise<Settings> {
    return this.prisma.appSettings.findUniqueOrThrow({ where: { id: 1 }, select: { localPasswords: true, updatedAt: true } });
  }

  update(changes: Partial<Pick<Settings, 'localPasswords'>>): Promise<Settings> {
    return this.prisma.appSettings.update({ where: { id: 1 }, data: changes, select: { localPasswords: true, updatedAt: true } });
  }
}
