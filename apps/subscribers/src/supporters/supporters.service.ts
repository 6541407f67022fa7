import { Supporter } from '@crm/entities';
import { createdAtPosition, decodeCursor, fieldError, toPage } from '@crm/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ContactPreferencesService } from '../contact-preferences/contact-preferences.service';
import type { ListSupportersQuery, SupporterListDto, SupporterListItemDto } from './dto/list-supporters.dto';
import type { PostalAddressDto } from './dto/postal-address.dto';
import type { UpdateSupporterDto } from './dto/update-supporter.dto';
import { phoneE164, storedPostcode, UK_COUNTRY } from './postal-address';
import { SupporterErasedError, SupporterMergedError, SupporterNotFoundError } from './supporters.errors';
import { lockSupporterForChange, searchSupporters, type SupporterListRow } from './supporters.queries';

const toItem = (row: SupporterListRow): SupporterListItemDto => ({
  id: row.id,
  email: row.email,
  firstName: row.first_name,
  lastName: row.last_name,
  tags: row.tags,
  source: row.source,
  subscriptionStatus: row.subscription_status,
  deceased: row.deceased,
  createdAt: row.created_at.toISOString(),
});

type AddressColumns = Pick<Supporter, 'addressLines' | 'town' | 'postcode' | 'country'>;

/** The address as stored: trimmed lines, the country defaulting to GB, a GB postcode normalised. */
function addressColumns(address: PostalAddressDto | null): AddressColumns {
  if (!address) return { addressLines: [], town: null, postcode: null, country: null };
  const country = address.country ?? UK_COUNTRY;
  return {
    addressLines: address.lines.map((line) => line.trim()).filter(Boolean),
    town: address.town.trim(),
    postcode: storedPostcode(address.postcode, country),
    country,
  };
}

/** The death columns a change asks for: recorded now (once), with its date when given, or cleared. */
function deathColumns(
  changes: UpdateSupporterDto,
  recordedAt: Date | null,
): Partial<Pick<Supporter, 'dateOfDeath'>> & { deceasedAt?: (() => string) | null } {
  const dies =
    changes.deceased === true || (changes.dateOfDeath !== undefined && changes.dateOfDeath !== null);
  if (changes.deceased === false) return { deceasedAt: null, dateOfDeath: null };
  if (!dies) return changes.dateOfDeath === null ? { dateOfDeath: null } : {};
  return {
    ...(recordedAt ? {} : { deceasedAt: () => 'now()' }),
    ...(changes.dateOfDeath !== undefined && { dateOfDeath: changes.dateOfDeath }),
  };
}

/** Staff search over supporters, and the fields staff may edit. Erased and merged people are not listed. */
@Injectable()
export class SupportersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly preferences: ContactPreferencesService,
  ) {}

  async list(query: ListSupportersQuery): Promise<SupporterListDto> {
    const { limit } = query;
    const rows = await searchSupporters(this.dataSource, {
      q: query.q,
      tag: query.tag,
      status: query.status,
      after: decodeCursor(query.cursor, 'by-time'),
      take: limit + 1,
    });
    return toPage(rows, limit, createdAtPosition, toItem);
  }

  async update(id: string, changes: UpdateSupporterDto, staffName: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const row = await lockSupporterForChange(manager, id);
      if (!row) throw new SupporterNotFoundError(id);
      if (row.erased_at) throw new SupporterErasedError(id);
      if (row.merged_into_id) throw new SupporterMergedError(id, row.merged_into_id);
      if (changes.deceased === false && changes.dateOfDeath) {
        throw fieldError('dateOfDeath', 'cannot be given with deceased: false');
      }
      await this.updateColumns(manager, id, changes, row.deceased_at);
      if (changes.contactPreferences) {
        await this.preferences.apply(manager, id, changes.contactPreferences, staffName);
      }
    });
  }

  private async updateColumns(
    manager: EntityManager,
    id: string,
    changes: UpdateSupporterDto,
    deceasedAt: Date | null,
  ): Promise<void> {
    const tags = changes.tags && [...new Set(changes.tags.map((tag) => tag.trim()).filter(Boolean))];
    await manager.update(
      Supporter,
      { id },
      {
        ...(changes.firstName !== undefined && { firstName: changes.firstName?.trim() || null }),
        ...(changes.lastName !== undefined && { lastName: changes.lastName?.trim() || null }),
        ...(tags && { tags }),
        ...(changes.notes !== undefined && { notes: changes.notes ?? null }),
        ...(changes.address !== undefined && addressColumns(changes.address)),
        ...(changes.phone !== undefined && {
          phone: changes.phone === null ? null : phoneE164(changes.phone),
        }),
        ...deathColumns(changes, deceasedAt),
        updatedAt: () => 'now()',
      },
    );
  }
}
