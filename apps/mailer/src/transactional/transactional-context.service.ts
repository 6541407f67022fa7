import { Donation, GiftAidDeclaration, RecurringDonation, StaffInvitation, Supporter } from '@crm/entities';
import type { TransactionalEmail } from '@crm/queues';
import { cancellationWindowEnd, formatMoney, giftAidCoverageText, ukDay } from '@crm/values';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { formatDate } from '../templates/format-date';
import type { TemplateData } from '../templates/transactional-templates';

/** Who a transactional email goes to and the facts it shows, reloaded from the shared tables. */
export type MailContext = {
  [T in keyof TemplateData]: { template: T; to: string; supporterId: string | null; data: TemplateData[T] };
}[keyof TemplateData];

/** The row a job names does not exist (yet): the producer may be ahead of its own commit, so retry. */
class MailSubjectMissingError extends Error {}

/** Erased, or their death is recorded: no mail of any kind reaches them any more. */
const outOfReach = (supporter: Supporter | null): boolean =>
  supporter !== null && (supporter.erasedAt !== null || supporter.deceasedAt !== null);

const firstNameOf = (supporter: Supporter | null, donorName: string | null): string | null =>
  supporter?.firstName ?? donorName?.trim().split(/\s+/)[0] ?? null;

@Injectable()
export class TransactionalContextService {
  constructor(private readonly dataSource: DataSource) {}

  /** The context, or null when there is nobody to write to (erased or deceased supporter, no address). */
  async load(email: TransactionalEmail): Promise<MailContext | null> {
    switch (email.template) {
      case 'confirm-subscription':
      case 'welcome': {
        const supporter = await this.supporter(email.supporterId);
        if (!supporter) throw new MailSubjectMissingError(`supporter ${email.supporterId} not found`);
        if (!supporter.email || outOfReach(supporter)) return null;
        const firstName = supporter.firstName;
        return email.template === 'welcome'
          ? { template: 'welcome', to: supporter.email, supporterId: supporter.id, data: { firstName } }
          : {
              template: 'confirm-subscription',
              to: supporter.email,
              supporterId: supporter.id,
              data: { firstName, confirmUrl: email.confirmUrl },
            };
      }
      case 'donation-receipt':
        return this.donationReceipt(email.donationId, email.manageUrl ?? null);
      case 'payment-failed':
        return this.paymentFailed(email.recurringDonationId, email.manageUrl ?? null);
      case 'donor-increase-confirm':
      case 'donor-gift-changed':
        return this.donorLinkMail(email);
      case 'gift-aid-confirmation':
        return this.giftAidConfirmation(email.declarationId);
      case 'staff-invitation':
      case 'staff-password-reset':
        return this.staffLinkMail(email);
    }
  }

  /** An oral Gift Aid declaration's written record, to its supporter (never once erased). */
  private async giftAidConfirmation(declarationId: string): Promise<MailContext | null> {
    const declaration = await this.dataSource
      .getRepository(GiftAidDeclaration)
      .findOneBy({ id: declarationId });
    if (!declaration) throw new MailSubjectMissingError(`Gift Aid declaration ${declarationId} not found`);
    const supporter = await this.supporter(declaration.supporterId);
    if (!supporter?.email || outOfReach(supporter)) return null;
    return {
      template: 'gift-aid-confirmation',
      to: supporter.email,
      supporterId: supporter.id,
      data: {
        name: [declaration.title, declaration.firstName, declaration.lastName].filter(Boolean).join(' '),
        declaredOn: ukDay(declaration.declaredAt),
        coverage: giftAidCoverageText(declaration),
        cancelBy: ukDay(cancellationWindowEnd(new Date())),
      },
    };
  }

  /** A console invitation or reset link, to the address it was issued for (the console's staff_invitations). */
  private async staffLinkMail(
    email: Extract<TransactionalEmail, { template: 'staff-invitation' | 'staff-password-reset' }>,
  ): Promise<MailContext | null> {
    const link = await this.dataSource.getRepository(StaffInvitation).findOneBy({ id: email.invitationId });
    if (!link) throw new MailSubjectMissingError(`staff link ${email.invitationId} not found`);
    if (link.acceptedAt) return null;
    return email.template === 'staff-invitation'
      ? {
          template: email.template,
          to: link.email,
          supporterId: null,
          data: { name: link.name, role: link.role ?? 'viewer', acceptUrl: email.acceptUrl },
        }
      : {
          template: email.template,
          to: link.email,
          supporterId: null,
          data: { name: link.name, resetUrl: email.resetUrl },
        };
  }

  /**
   * Mail about a change to a monthly gift made through a donor link: to the gift's donor only,
   * never once they are erased (their links no longer work either).
   */
  private async donorLinkMail(
    email: Extract<TransactionalEmail, { template: 'donor-increase-confirm' | 'donor-gift-changed' }>,
  ): Promise<MailContext | null> {
    const gift = await this.dataSource
      .getRepository(RecurringDonation)
      .findOneBy({ id: email.recurringDonationId });
    if (!gift) throw new MailSubjectMissingError(`recurring donation ${email.recurringDonationId} not found`);
    const supporter = await this.supporter(gift.supporterId);
    const to = supporter?.email ?? gift.email;
    if (!to || outOfReach(supporter) || gift.donorForgottenAt) return null;
    const recipient = { to, supporterId: supporter?.id ?? null };
    const values = {
      firstName: firstNameOf(supporter, gift.donorName),
      amount: formatMoney(email.amount, gift.currency),
      previousAmount: formatMoney(email.previousAmount, gift.currency),
    };
    if (email.template === 'donor-increase-confirm') {
      return {
        template: email.template,
        ...recipient,
        data: { ...values, confirmUrl: email.confirmUrl },
      };
    }
    return {
      template: email.template,
      ...recipient,
      data: {
        ...values,
        cancelled: email.change === 'cancelled',
        paused: email.change === 'paused',
        manageUrl: email.manageUrl ?? null,
      },
    };
  }

  private async donationReceipt(donationId: string, manageUrl: string | null): Promise<MailContext | null> {
    const donation = await this.dataSource.getRepository(Donation).findOneBy({ id: donationId });
    if (!donation) throw new MailSubjectMissingError(`donation ${donationId} not found`);
    const supporter = await this.supporter(donation.supporterId);
    const to = supporter?.email ?? donation.email;
    if (!to || outOfReach(supporter)) return null;
    const declaration = donation.giftAidDeclarationId
      ? await this.dataSource
          .getRepository(GiftAidDeclaration)
          .findOneBy({ id: donation.giftAidDeclarationId })
      : null;
    return {
      template: 'donation-receipt',
      to,
      supporterId: supporter?.id ?? null,
      data: {
        firstName: declaration?.firstName ?? firstNameOf(supporter, donation.donorName),
        amount: formatMoney(donation.amount, donation.currency),
        paidOn: formatDate(donation.paidAt ?? donation.createdAt),
        monthly: donation.frequency === 'monthly',
        campaign: donation.campaign,
        giftAid: declaration !== null && declaration.cancelledAt === null,
        manageUrl,
      },
    };
  }

  private async paymentFailed(recurringId: string, manageUrl: string | null): Promise<MailContext | null> {
    const gift = await this.dataSource.getRepository(RecurringDonation).findOneBy({ id: recurringId });
    if (!gift) throw new MailSubjectMissingError(`recurring donation ${recurringId} not found`);
    const supporter = await this.supporter(gift.supporterId);
    const to = supporter?.email ?? gift.email;
    if (!to || outOfReach(supporter)) return null;
    return {
      template: 'payment-failed',
      to,
      supporterId: supporter?.id ?? null,
      data: {
        firstName: firstNameOf(supporter, gift.donorName),
        amount: formatMoney(gift.amount, gift.currency),
        manageUrl,
      },
    };
  }

  private supporter(id: string | null): Promise<Supporter | null> {
    return id ? this.dataSource.getRepository(Supporter).findOneBy({ id }) : Promise.resolve(null);
  }
}
