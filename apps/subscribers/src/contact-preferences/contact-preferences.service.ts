import {
  CONTACT_CHANNELS,
  type ContactChannel,
  ContactPreference,
  ContactPreferenceEvent,
  type ContactStatus,
  FpsRequest,
} from '@crm/entities';
import { fieldError } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  SupporterErasedError,
  SupporterMergedError,
  SupporterNotFoundError,
} from '../supporters/supporters.errors';
import { lockSupporterForChange } from '../supporters/supporters.queries';
import { FpsReferenceTakenError } from './contact-preferences.errors';
import { insertFpsRequest, reachOf, type ReachRow, recordPreference } from './contact-preferences.queries';
import type { ContactPreferenceChangesDto } from './dto/contact-preference-changes.dto';
import type {
  ChannelPreferenceDto,
  ContactPreferencesDto,
  FpsRequestDto,
} from './dto/contact-preferences.dto';
import type { RecordFpsRequestDto } from './dto/record-fps-request.dto';

/** Electronic marketing (PECR reg. 22) needs consent: legitimate interests cannot allow it. */
const CONSENT_ONLY: ReadonlySet<ContactChannel> = new Set(['email', 'sms']);

/** The Code of Fundraising Practice gives 28 days from receiving an FPS request to stop contact. */
const FPS_DAYS = 28;

/** A day (YYYY-MM-DD) some days later, as a calendar counts (no clock time, no daylight saving). */
const daysAfter = (day: string, days: number): string => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

const toFpsDto = (request: FpsRequest): FpsRequestDto => ({
  id: request.id,
  reference: request.reference,
  receivedOn: request.receivedOn,
  channels: request.channels,
  deadline: daysAfter(request.receivedOn, FPS_DAYS),
  recordedBy: request.recordedBy,
  recordedAt: request.recordedAt.toISOString(),
});

/** Whether a channel may be used now, given its preference and what reaching the person needs. */
function contactable(channel: ContactChannel, status: ContactStatus | null, reach: ReachRow): boolean {
  if (!reach.alive || status === 'refused') return false;
  switch (channel) {
    case 'email':
      return reach.mailable;
    case 'post':
      return reach.has_address;
    case 'phone':
      return reach.has_phone;
    case 'sms':
      return reach.has_phone && status === 'allowed';
  }
}

/**
 * Contact preferences per channel (email, post, phone, SMS), each with its basis and history, and
 * Fundraising Preference Service requests, which refuse the channels they name at once.
 */
@Injectable()
export class ContactPreferencesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Applies staff changes inside the caller's transaction; a basis that cannot allow a channel is a 400. */
  async apply(
    manager: EntityManager,
    supporterId: string,
    changes: ContactPreferenceChangesDto,
    recordedBy: string,
  ): Promise<void> {
    for (const channel of CONTACT_CHANNELS) {
      const change = changes[channel];
      if (!change) continue;
      const field = `contactPreferences.${channel}.basis`;
      if (change.status === 'refused' && change.basis !== 'supporter_request') {
        throw fieldError(field, 'a refusal must have the basis supporter_request');
      }
      if (change.status === 'allowed' && change.basis === 'supporter_request') {
        throw fieldError(field, 'an allowed channel needs the basis consent or legitimate_interests');
      }
      if (
        change.status === 'allowed' &&
        change.basis === 'legitimate_interests' &&
        CONSENT_ONLY.has(channel)
      ) {
        throw fieldError(
          field,
          `${channel} marketing needs consent (PECR); legitimate_interests cannot allow it`,
        );
      }
      await recordPreference(manager, {
        supporterId,
        channel,
        status: change.status,
        basis: change.basis,
        note: change.note?.trim() || null,
        recordedBy,
      });
    }
  }

  /**
   * Records an FPS request and refuses the channels it names at once. Recording the same
   * reference again for the same supporter changes nothing; for another supporter it is a 409.
   */
  async recordFpsRequest(
    supporterId: string,
    request: RecordFpsRequestDto,
    recordedBy: string,
  ): Promise<void> {
    const reference = request.reference.trim();
    await this.dataSource.transaction(async (manager) => {
      const supporter = await lockSupporterForChange(manager, supporterId);
      if (!supporter) throw new SupporterNotFoundError(supporterId);
      if (supporter.erased_at) throw new SupporterErasedError(supporterId);
      if (supporter.merged_into_id) throw new SupporterMergedError(supporterId, supporter.merged_into_id);
      const channels = [...new Set(request.channels)];
      const recorded = await insertFpsRequest(manager, {
        supporterId,
        reference,
        receivedOn: request.receivedOn,
        channels,
        recordedBy,
      });
      if (!recorded) {
        const existing = await manager.getRepository(FpsRequest).findOneBy({ reference });
        if (existing?.supporterId !== supporterId) throw new FpsReferenceTakenError(reference);
        return;
      }
      for (const channel of channels) {
        await recordPreference(manager, {
          supporterId,
          channel,
          status: 'refused',
          basis: 'fps_request',
          note: `Fundraising Preference Service request ${reference}`,
          recordedBy,
        });
      }
    });
  }

  async forProfile(supporterId: string): Promise<ContactPreferencesDto> {
    const [current, history, requests, reach] = await Promise.all([
      this.dataSource.getRepository(ContactPreference).findBy({ supporterId }),
      this.dataSource
        .getRepository(ContactPreferenceEvent)
        .find({ where: { supporterId }, order: { occurredAt: 'ASC', id: 'ASC' } }),
      this.dataSource
        .getRepository(FpsRequest)
        .find({ where: { supporterId }, order: { receivedOn: 'DESC', recordedAt: 'DESC' } }),
      reachOf(this.dataSource, supporterId),
    ]);
    if (!reach) throw new SupporterNotFoundError(supporterId);
    const byChannel = new Map(current.map((row) => [row.channel, row]));
    const channels: ChannelPreferenceDto[] = CONTACT_CHANNELS.map((channel) => {
      const row = byChannel.get(channel);
      return {
        channel,
        status: row?.status ?? 'not_recorded',
        basis: row?.basis ?? null,
        updatedAt: row?.updatedAt.toISOString() ?? null,
        contactable: contactable(channel, row?.status ?? null, reach),
      };
    });
    return {
      channels,
      history: history.map((row) => ({
        channel: row.channel,
        status: row.status,
        basis: row.basis,
        note: row.note,
        recordedBy: row.recordedBy,
        occurredAt: row.occurredAt.toISOString(),
      })),
      fpsRequests: requests.map(toFpsDto),
    };
  }
}
