import { APP_CONFIG } from '@crm/config';
import { GiftAidDeclaration, Supporter } from '@crm/entities';
import { fieldError } from '@crm/platform';
import { InjectProducer, type QueueProducer, transactionalJobId, transactionalMailQueue } from '@crm/queues';
import { cancellationWindowEnd, giftAidCoverageText as coverageText, parseInstant } from '@crm/values';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import type { DonationsConfig } from '../config/donations.config';
import { flagUncoveredClaimed } from '../gift-aid/gift-aid.queries';
import { keptSupporter } from '../offline-gifts/offline-gifts.queries';
import { confirmationLetterHtml } from './confirmation-letter';
import { earliestCoverable, londonStart } from './coverage';
import { DeclarationError } from './declarations.errors';
import { earliestCovered, linkGiftToDeclaration } from './declarations.queries';
import type {
  AwaitingDeclarationDto,
  CancelDeclarationDto,
  CreateDeclarationDto,
  DeclarationDto,
  SendConfirmationDto,
  SentConfirmationsDto,
} from './dto/declaration.dto';

/** Most declarations awaiting confirmation listed, or confirmed by one "send confirmations". */
const AWAITING_BATCH = 500;

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export const toDeclarationDto = (g: GiftAidDeclaration): DeclarationDto => ({
  id: g.id,
  supporterId: g.supporterId,
  method: g.method,
  scope: g.scope,
  declaredAt: g.declaredAt.toISOString(),
  title: g.title,
  firstName: g.firstName,
  lastName: g.lastName,
  houseNameOrNumber: g.houseNameOrNumber,
  postcode: g.postcode,
  wordingVersion: g.wordingVersion,
  coversFrom: iso(g.coversFrom),
  coversFuture: g.coversFuture,
  coverage: coverageText(g),
  evidenceNote: g.evidenceNote,
  cancelledAt: iso(g.cancelledAt),
  confirmationSentAt: iso(g.confirmationSentAt),
  confirmationChannel: g.confirmationChannel,
  awaitingConfirmation: g.method === 'oral' && !g.confirmationSentAt && !g.cancelledAt,
  createdBy: g.createdBy,
  createdAt: g.createdAt.toISOString(),
});

/** Gift Aid declarations staff record for supporters (written, oral or online), and their confirmations. */
@Injectable()
export class DeclarationsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: DonationsConfig,
    @InjectProducer(transactionalMailQueue)
    private readonly mail: QueueProducer<typeof transactionalMailQueue>,
  ) {}

  private get declarations() {
    return this.dataSource.getRepository(GiftAidDeclaration);
  }

  /** A supporter's declarations, newest first (those made at checkout included). */
  async list(supporterId: string): Promise<DeclarationDto[]> {
    await this.supporter(supporterId);
    const rows = await this.declarations.find({
      where: { supporterId },
      order: { declaredAt: 'DESC', id: 'ASC' },
    });
    return rows.map(toDeclarationDto);
  }

  async create(
    supporterId: string,
    request: CreateDeclarationDto,
    createdBy: string,
  ): Promise<DeclarationDto> {
    await this.supporter(supporterId);
    const now = new Date();
    const declaredAt = request.declaredAt ? parseInstant(request.declaredAt)! : now;
    if (declaredAt > now) throw fieldError('declaredAt', 'must not be in the future');
    const coverage = this.coverage(request, declaredAt);
    const saved = await this.dataSource.transaction(async (db) => {
      // Made for a record merged into another: it belongs with the gifts, on the record kept.
      const keptId = (await keptSupporter(db, supporterId)) ?? supporterId;
      if (keptId !== supporterId) await this.supporter(keptId, db);
      const repository = db.getRepository(GiftAidDeclaration);
      const declaration = await repository.save(
        repository.create({
          supporterId: keptId,
          method: request.method,
          scope: request.scope,
          declaredAt,
          title: request.title ?? null,
          firstName: request.firstName,
          lastName: request.lastName,
          houseNameOrNumber: request.houseNameOrNumber,
          postcode: request.postcode,
          wordingVersion: request.wordingVersion ?? this.config.GIFT_AID_WORDING_VERSION,
          ...coverage,
          evidenceNote: request.evidenceNote ?? null,
          createdBy,
        }),
      );
      // The gift may still be on the merged-away record until the merge's job has moved it.
      if (request.scope === 'this_gift')
        await this.linkGift(db, request.donationId!, [keptId, supporterId], declaration.id);
      return declaration;
    });
    return toDeclarationDto(saved);
  }

  /** What a new declaration covers, checked against HMRC's rules; a 400 naming the field otherwise. */
  private coverage(
    request: CreateDeclarationDto,
    declaredAt: Date,
  ): Pick<GiftAidDeclaration, 'coversFrom' | 'coversFuture'> {
    if (request.scope === 'this_gift') {
      if (!request.donationId)
        throw fieldError('donationId', 'is needed for a declaration for this gift only');
      if (request.coversFrom !== undefined)
        throw fieldError('coversFrom', 'applies only to scope supporter_gifts');
      if (request.coversFuture !== undefined)
        throw fieldError('coversFuture', 'applies only to scope supporter_gifts');
      return { coversFrom: null, coversFuture: false };
    }
    if (request.donationId !== undefined) throw fieldError('donationId', 'applies only to scope this_gift');
    const coversFuture = request.coversFuture ?? true;
    if (!request.coversFrom && !coversFuture) {
      throw fieldError('coversFrom', 'is needed when the declaration does not cover future gifts');
    }
    const coversFrom = request.coversFrom
      ? londonStart(request.coversFrom, parseInstant(request.coversFrom)!)
      : declaredAt;
    if (coversFrom > declaredAt) throw fieldError('coversFrom', 'must not be after declaredAt');
    // HMRC's model declaration covers gifts made in the 4 years before it; older gifts need an older declaration.
    if (coversFrom < earliestCoverable(declaredAt)) {
      throw fieldError('coversFrom', 'must be within the 4 years before declaredAt (HMRC allows no earlier)');
    }
    return { coversFrom, coversFuture };
  }

  private async linkGift(
    db: EntityManager,
    donationId: string,
    supporterIds: string[],
    declarationId: string,
  ) {
    if (!(await linkGiftToDeclaration(db, donationId, supporterIds, declarationId))) {
      throw fieldError('donationId', "must be one of this supporter's gifts without a Gift Aid declaration");
    }
  }

  /**
   * Cancels a declaration for gifts paid from a moment on (default now). An oral declaration
   * cancelled within 30 days of its written confirmation is treated as never made (HMRC), so it
   * is cancelled from the first moment it could cover. Claimed gifts no longer covered are
   * flagged, to be netted in the next claim.
   */
  async cancel(id: string, request: CancelDeclarationDto): Promise<DeclarationDto> {
    await this.dataSource.transaction(async (db) => {
      const repository = db.getRepository(GiftAidDeclaration);
      const declaration = await repository.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!declaration) throw DeclarationError.notFound(id);
      if (declaration.cancelledAt) throw DeclarationError.cancelled();
      const now = new Date();
      const withinCoolingOff =
        declaration.method === 'oral' &&
        (!declaration.confirmationSentAt || now <= cancellationWindowEnd(declaration.confirmationSentAt));
      const from = withinCoolingOff
        ? await earliestCovered(db, id)
        : request.from
          ? londonStart(request.from, parseInstant(request.from)!)
          : now;
      await repository.update(id, { cancelledAt: from });
      await flagUncoveredClaimed(db, id);
    });
    return toDeclarationDto(await this.declaration(id));
  }

  /** Oral declarations whose written confirmation has not been sent, oldest first. */
  async awaiting(): Promise<AwaitingDeclarationDto[]> {
    const rows = await this.declarations.find({
      where: { method: 'oral', confirmationSentAt: IsNull(), cancelledAt: IsNull() },
      order: { declaredAt: 'ASC', id: 'ASC' },
      take: AWAITING_BATCH,
    });
    const emails = await this.emails(rows);
    return rows.map((row) => ({ ...toDeclarationDto(row), canEmail: emails.has(row.supporterId ?? '') }));
  }

  /**
   * Records the written confirmation of an oral declaration as sent: by email now (queued to the
   * mailer once per declaration), or by post (staff printed the letter and posted it). Sending
   * again changes nothing.
   */
  async sendConfirmation(id: string, request: SendConfirmationDto): Promise<DeclarationDto> {
    const declaration = await this.declaration(id);
    if (declaration.method !== 'oral') throw DeclarationError.notOral();
    if (declaration.confirmationSentAt) return toDeclarationDto(declaration);
    if (declaration.cancelledAt) throw DeclarationError.cancelled();
    if (request.channel === 'email') {
      if (!(await this.emails([declaration])).has(declaration.supporterId ?? ''))
        throw DeclarationError.noEmail();
      await this.emailConfirmation(id);
    }
    await this.declarations.update(
      { id, confirmationSentAt: IsNull() },
      {
        confirmationSentAt: new Date(),
        confirmationChannel: request.channel,
      },
    );
    return toDeclarationDto(await this.declaration(id));
  }

  /** Emails the confirmation of every oral declaration awaiting one whose supporter has an address. */
  async sendAllConfirmations(): Promise<SentConfirmationsDto> {
    const awaiting = await this.awaiting();
    const emailed: string[] = [];
    for (const declaration of awaiting.filter((row) => row.canEmail)) {
      await this.emailConfirmation(declaration.id);
      await this.declarations.update(
        { id: declaration.id, confirmationSentAt: IsNull() },
        { confirmationSentAt: new Date(), confirmationChannel: 'email' },
      );
      emailed.push(declaration.id);
    }
    return { emailed, needLetter: awaiting.filter((row) => !row.canEmail).map((row) => row.id) };
  }

  /** The printable letter confirming an oral declaration, dated today. */
  async letter(id: string): Promise<string> {
    const declaration = await this.declaration(id);
    if (declaration.method !== 'oral') throw DeclarationError.notOral();
    const supporter = declaration.supporterId
      ? await this.dataSource.getRepository(Supporter).findOneBy({ id: declaration.supporterId })
      : null;
    const postal =
      supporter && !supporter.erasedAt && supporter.addressLines.length > 0
        ? [...supporter.addressLines, supporter.town, supporter.postcode].filter(
            (line): line is string => !!line,
          )
        : null;
    return confirmationLetterHtml(
      declaration,
      this.config.ORG_NAME,
      declaration.confirmationSentAt ?? new Date(),
      postal,
    );
  }

  /** The job id makes it one email per declaration however often it is asked for. */
  private async emailConfirmation(declarationId: string): Promise<void> {
    const email = { template: 'gift-aid-confirmation' as const, reference: declarationId, declarationId };
    await this.mail.add('send-email', email, { jobId: transactionalJobId(email) });
  }

  /** The supporters (of these declarations) who can be emailed: an address, not erased. */
  private async emails(rows: GiftAidDeclaration[]): Promise<Set<string>> {
    const ids = [...new Set(rows.map((row) => row.supporterId).filter((id): id is string => id !== null))];
    if (ids.length === 0) return new Set();
    const supporters = await this.dataSource.getRepository(Supporter).findBy({ id: In(ids) });
    return new Set(supporters.filter((s) => s.email && !s.erasedAt).map((s) => s.id));
  }

  private async declaration(id: string): Promise<GiftAidDeclaration> {
    const declaration = await this.declarations.findOneBy({ id });
    if (!declaration) throw DeclarationError.notFound(id);
    return declaration;
  }

  private async supporter(id: string, db: EntityManager = this.dataSource.manager): Promise<Supporter> {
    const supporter = await db.getRepository(Supporter).findOneBy({ id });
    if (!supporter || supporter.erasedAt) throw DeclarationError.supporterNotFound(id);
    return supporter;
  }
}
