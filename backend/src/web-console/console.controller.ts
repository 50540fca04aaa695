import { Controller, Get, Inject, NotFoundException, Param, Redirect, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/decorators';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CONSOLE_PATH, readConsoleIndex } from './console-files';

const NOT_BUILT = 'The console is not built: run `npm run build` in backend/ (or set CONSOLE_DIR)';

/**
 * The console's page for every deep link under /console/ (the browser router takes it from
 * there). Only GET and only under /console/: no API path is shadowed. Public: the page holds
 * no data; the API behind it checks every request.
 */
@ApiExcludeController()
@Public()
@Controller()
export class ConsoleController {
  private readonly index: string | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.index = readConsoleIndex(config.consoleDir);
  }

  @Get()
  @Redirect(CONSOLE_PATH, 302)
  root(): void {}

  @Get('console')
  @Redirect(CONSOLE_PATH, 301)
  withoutSlash(): void {}

  // Fastify's own wildcard syntax: the adapter hands the path to find-my-way as is.
  @Get('console/*')
  page(@Param('*') route: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    // A hashed file that is not there (an old build's) must not come back as a page.
    if (route.startsWith('assets/')) throw new NotFoundException(`No console file ${CONSOLE_PATH}${route}`);
    if (this.index === undefined) throw new NotFoundException(NOT_BUILT);
    // Set here, not with @Header: a refusal above must keep the JSON error's content type.
    void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache');
    return this.index;
  }
}
