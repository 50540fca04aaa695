import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';

/** The web console's page and deep links (its files are registered in app.factory). */
@Module({ controllers: [ConsoleController] })
export class WebConsoleModule {}
