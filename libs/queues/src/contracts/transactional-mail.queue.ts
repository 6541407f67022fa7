import { z } from 'zod';
import { RETRY_WITH_BACKOFF } from '../job-options';
import { defineQueue } from '../queue-contract';

const reference = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,200}$/, 'letters, digits, . _ - only (it becomes part of the job id)');

/** One transactional email; `reference` makes it unique per template. jobId `<template>-<reference>`. */
export const transactionalEmailSchema = z.discriminatedUnion('template', [
  z.object({
    template: z.literal('confirm-subscription'),
    reference,
    supporterId: z.uuid(),
    confirmUrl: z.url(),
  }),
  z.object({ template: z.literal('welcome'), reference, supporterId: z.uuid() }),
  z.object({
    template: z.literal('donation-receipt'),
    reference,
    donationId: z.uuid(),
    /** Signed self-service link for a monthly gift. */
    manageUrl: z.url().optional(),
  }),
  z.object({
    template: z.literal('payment-failed'),
    reference,
    recurringDonationId: z.uuid(),
    manageUrl: z.url().optional(),
  }),
  /** A donor asked for a higher monthly amount: the link that confirms it, sent only to their address. */
  z.object({
    template: z.literal('donor-increase-confirm'),
    reference,
    recurringDonationId: z.uuid(),
    amount: z.number().int().positive(),
    previousAmount: z.number().int().nonnegative(),
    confirmUrl: z.url(),
  }),
  /** A change made to a monthly gift through a donor link, confirmed to the donor. */
  z.object({
    template: z.literal('donor-gift-changed'),
    reference,
    recurringDonationId: z.uuid(),
    change: z.enum(['decreased', 'increased', 'cancelled', 'paused']),
    amount: z.number().int().nonnegative(),
    previousAmount: z.number().int().nonnegative(),
    /** A new self-service link (the change made the old ones stop working); none after a cancellation. */
    manageUrl: z.url().optional(),
  }),
  /** The written record of an oral Gift Aid declaration, with the donor's 30-day right to cancel (HMRC). */
  z.object({ template: z.literal('gift-aid-confirmation'), reference, declarationId: z.uuid() }),
  /** A console invitation; the link carries the one-time token, which only the email holds. */
  z.object({
    template: z.literal('staff-invitation'),
    reference,
    invitationId: z.uuid(),
    acceptUrl: z.url(),
  }),
  z.object({
    template: z.literal('staff-password-reset'),
    reference,
    invitationId: z.uuid(),
    resetUrl: z.url(),
  }),
]);
export type TransactionalEmail = z.infer<typeof transactionalEmailSchema>;
export type TransactionalTemplate = TransactionalEmail['template'];

export const transactionalMailQueue = defineQueue({
  name: 'mailer-transactional',
  jobs: { 'send-email': transactionalEmailSchema },
  defaultJobOptions: RETRY_WITH_BACKOFF,
});

export const transactionalJobId = (email: Pick<TransactionalEmail, 'template' | 'reference'>): string =>
  `${email.template}-${email.reference}`;
