import { Body, Controller, HttpCode, Inject, Post, UseFilters } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { AuthenticatedApiKey } from '../common/auth/auth.types';
import { ApiKeyAuth, CurrentApiKey } from '../common/auth/decorators';
import { JSON_MEDIA_TYPE } from '../common/http/route-body';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AlertIntakeService } from './alert-intake.service';
import { readAlertmanagerNotification } from './alertmanager-payload';
import {
  ALERTMANAGER_EXAMPLE,
  AlertNotificationResultDto,
  AppliedAlertDto,
  PAGERDUTY_EXAMPLE,
  PagerDutyAcceptedDto,
  PagerDutyInvalidDto,
} from './dto/alert-intake.dto';
import { PagerDutyErrorFilter } from './pagerduty-error.filter';
import { readPagerDutyEvent } from './pagerduty-event';

// Grouped notifications can carry many alerts: the bulk body limit (INGEST_MAX_BODY_BYTES), with
// the key checked before the body is read, as for log intake.
const NotificationRoute = () =>
  RouteConfig({ helmet: { skipRoute: true }, body: { bulk: true, mediaTypes: [JSON_MEDIA_TYPE] }, apiKeyBeforeBody: true });

const NOTIFICATION_REFUSALS = 'Not a notification, or an invalid alert (details: [{index, field, message}]); nothing stored';
const SEMANTICS =
  'Each alert is deduplicated on its fingerprint into one incident: title from the `alertname` label and `summary` annotation, ' +
  'severity from the `severity` label (critical/crit/fatal/emergency/page/p1 -> CRITICAL; error/high/major/p2 -> HIGH; ' +
  'warning/warn/medium/p3 -> MEDIUM; info/low/minor/none/p4/p5 -> LOW; anything else or none -> MEDIUM), service_id from the ' +
  'ALERTS_SERVICE_LABEL label (default `service`; a key bound to a service fills it in and may raise alerts for no other), labels, ' +
  'annotations and generatorURL kept in the timeline. `status: resolved` resolves the incident (the timeline names the tool and ' +
  'key); firing again after that opens a new incident linked to the old one (previous_incident_id). The whole notification is ' +
  'one transaction: all its alerts are applied, or none. At most ALERTS_MAX_PER_REQUEST alerts (413 beyond).';

@ApiTags('alert intake')
@Controller('integrations')
export class AlertIntakeController {
  constructor(
    private readonly intake: AlertIntakeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('alertmanager')
  @HttpCode(200)
  @NotificationRoute()
  @ApiKeyAuth('alerts')
  @ApiOperation({
    summary: "Receive Prometheus Alertmanager's webhook (payload version 4)",
    description: `Point a \`webhook_configs\` receiver here with \`http_config.authorization.credentials\` set to an API key with scope \`alerts\`. ${SEMANTICS}`,
  })
  @ApiBody({ schema: { type: 'object', example: ALERTMANAGER_EXAMPLE } })
  @ApiOkResponse({ type: AlertNotificationResultDto })
  @ApiBadRequestResponse({ description: NOTIFICATION_REFUSALS })
  @ApiPayloadTooLargeResponse({ description: 'More than ALERTS_MAX_PER_REQUEST alerts, or body over INGEST_MAX_BODY_BYTES' })
  async alertmanager(@Body() body: unknown, @CurrentApiKey() key: AuthenticatedApiKey): Promise<AlertNotificationResultDto> {
    return this.notification(body, key, 'alertmanager');
  }

  @Post('grafana')
  @HttpCode(200)
  @NotificationRoute()
  @ApiKeyAuth('alerts')
  @ApiOperation({
    summary: "Receive Grafana alerting's webhook contact point",
    description: `Set the contact point's Authorization header credentials to an API key with scope \`alerts\`. Same semantics as /integrations/alertmanager: ${SEMANTICS}`,
  })
  @ApiBody({ schema: { type: 'object', example: { ...ALERTMANAGER_EXAMPLE, version: '1', orgId: 1, title: '[FIRING:1] HighErrorRate' } } })
  @ApiOkResponse({ type: AlertNotificationResultDto })
  @ApiBadRequestResponse({ description: NOTIFICATION_REFUSALS })
  @ApiPayloadTooLargeResponse({ description: 'More than ALERTS_MAX_PER_REQUEST alerts, or body over INGEST_MAX_BODY_BYTES' })
  async grafana(@Body() body: unknown, @CurrentApiKey() key: AuthenticatedApiKey): Promise<AlertNotificationResultDto> {
    return this.notification(body, key, 'grafana');
  }

  @Post('pagerduty/v2/enqueue')
  @HttpCode(202)
  @UseFilters(PagerDutyErrorFilter)
  @ApiKeyAuth('alerts', { bodyField: 'routing_key' })
  @ApiOperation({
    summary: 'Receive PagerDuty Events API v2 alert events (trigger, acknowledge, resolve)',
    description:
      'The request and answers of `POST https://events.pagerduty.com/v2/enqueue`, so any tool that can page PagerDuty can page ' +
      'this service: use this URL and an API key with scope `alerts` as the `routing_key` (or as a header). `dedup_key` ' +
      'deduplicates into one incident (a trigger without one gets a new key, returned); `payload.summary` is the title, ' +
      '`payload.severity` critical/error/warning/info maps to CRITICAL/HIGH/MEDIUM/LOW, service_id comes from ' +
      '`payload.custom_details.<ALERTS_SERVICE_LABEL>`. acknowledge and resolve move the open incident of the dedup_key, and are ' +
      'ignored (still 202) when there is none, as PagerDuty drops them.',
  })
  @ApiBody({ schema: { type: 'object', example: PAGERDUTY_EXAMPLE } })
  @ApiAcceptedResponse({ type: PagerDutyAcceptedDto })
  @ApiBadRequestResponse({ type: PagerDutyInvalidDto, description: "Invalid event, in PagerDuty's error shape; nothing stored" })
  async pagerduty(@Body() body: unknown, @CurrentApiKey() key: AuthenticatedApiKey): Promise<PagerDutyAcceptedDto> {
    const event = readPagerDutyEvent(body, this.config.alerts.serviceLabel);
    await this.intake.receive([event], key);
    return { status: 'success', message: 'Event processed', dedup_key: event.fingerprint };
  }

  private async notification(body: unknown, key: AuthenticatedApiKey, source: 'alertmanager' | 'grafana') {
    const alerts = readAlertmanagerNotification(body, {
      source,
      maxAlerts: this.config.alerts.maxPerRequest,
      serviceLabel: this.config.alerts.serviceLabel,
    });
    return { alerts: (await this.intake.receive(alerts, key)).map((applied) => AppliedAlertDto.from(applied)) };
  }
}
