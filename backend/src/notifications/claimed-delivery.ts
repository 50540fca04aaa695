import type { ChannelType, ContactMethodType } from '../generated/prisma/enums';
import type { IncidentEventPayload } from '../outbox';

/** One person's contact method as stored (a WEBHOOK address is sealed), with what it needs to be reached. */
export interface ClaimedContactMethod {
  id: string;
  userEmail: string;
  type: ContactMethodType;
  label: string;
  address: string;
  verified: boolean;
  /** SLACK_MEMBER: the SLACK channel whose webhook carries the mention. */
  slackChannel: { id: string; url: string; secret: string | null; enabled: boolean } | null;
}

export interface ClaimedChannel {
  id: string;
  name: string;
  type: ChannelType;
  url: string;
  secret: string | null;
  recipients: string[];
  enabled: boolean;
}

export interface ClaimedDelivery {
  id: string;
  /** Attempts including this one; also the fencing token of this claim. */
  attempts: number;
  eventId: string;
  eventType: string;
  incidentId: string | null;
  payload: IncidentEventPayload;
  /** Exactly one of the two is set. */
  channel: ClaimedChannel | null;
  contactMethod: ClaimedContactMethod | null;
}
