import type { TransactionalTemplate } from '@crm/queues';

/** Template sources: subject (text), HTML body and text body. Merge fields use `{{field|fallback}}`. */
export interface TemplateSource {
  subject: string;
  html: string;
  text: string;
}

export interface ConfirmSubscriptionData {
  firstName: string | null;
  confirmUrl: string;
}

export interface WelcomeData {
  firstName: string | null;
}

export interface DonationReceiptData {
  firstName: string | null;
  amount: string;
  paidOn: string;
  monthly: boolean;
  campaign: string | null;
  giftAid: boolean;
  manageUrl: string | null;
}

export interface PaymentFailedData {
  firstName: string | null;
  amount: string;
  manageUrl: string | null;
}

export interface DonorIncreaseConfirmData {
  firstName: string | null;
  amount: string;
  previousAmount: string;
  confirmUrl: string;
}

export interface DonorGiftChangedData {
  firstName: string | null;
  cancelled: boolean;
  paused: boolean;
  amount: string;
  previousAmount: string;
  manageUrl: string | null;
}

export interface StaffInvitationData {
  name: string | null;
  role: string;
  acceptUrl: string;
}

export interface StaffPasswordResetData {
  name: string | null;
  resetUrl: string;
}

export interface GiftAidConfirmationData {
  name: string;
  declaredOn: string;
  coverage: string;
  cancelBy: string;
}

export interface TemplateData {
  'confirm-subscription': ConfirmSubscriptionData;
  welcome: WelcomeData;
  'donation-receipt': DonationReceiptData;
  'payment-failed': PaymentFailedData;
  'staff-invitation': StaffInvitationData;
  'staff-password-reset': StaffPasswordResetData;
  'donor-increase-confirm': DonorIncreaseConfirmData;
  'donor-gift-changed': DonorGiftChangedData;
  'gift-aid-confirmation': GiftAidConfirmationData;
}

/** HMRC's model wording: the donor has declared; the charity states what Gift Aid adds. */
const GIFT_AID_STATEMENT =
  'You have made a Gift Aid declaration, so we can claim an extra 25p from HM Revenue & Customs for every £1 you give. ' +
  'Please let us know if you stop paying enough Income Tax or Capital Gains Tax to cover the Gift Aid on all your donations, ' +
  'or if you change your name or home address.';

export const TRANSACTIONAL_TEMPLATES: { [T in TransactionalTemplate]: TemplateSource } = {
  'confirm-subscription': {
    subject: 'Please confirm your subscription',
    html: `<p>Hello {{firstName|there}},</p>
<p>Please confirm that you would like to receive our newsletter:</p>
<p><a href="{{confirmUrl}}" style="display:inline-block;padding:10px 16px;background:#1a7f37;color:#fff;text-decoration:none">Confirm my subscription</a></p>
<p>If you did not ask for this, ignore this email and you will not hear from us again.</p>`,
    text: `Hello {{firstName|there}},

Please confirm that you would like to receive our newsletter:
{{confirmUrl}}

If you did not ask for this, ignore this email and you will not hear from us again.`,
  },
  welcome: {
    subject: 'Welcome, and thank you for subscribing',
    html: `<p>Hello {{firstName|there}},</p>
<p>Thank you for confirming your subscription. You will now hear about our campaigns and how you can help.</p>`,
    text: `Hello {{firstName|there}},

Thank you for confirming your subscription. You will now hear about our campaigns and how you can help.`,
  },
  'donation-receipt': {
    subject: 'Thank you for your donation of {{amount}}',
    html: `<p>Dear {{firstName|friend}},</p>
<p>Thank you for your {{#if monthly}}monthly {{/if}}donation of <strong>{{amount}}</strong> on {{paidOn}}{{#if campaign}} to {{campaign}}{{/if}}.</p>
{{#if giftAid}}<p>${GIFT_AID_STATEMENT}</p>{{/if}}
{{#if manageUrl}}<p>You can change or cancel your monthly gift at any time: <a href="{{manageUrl}}">manage my monthly gift</a>.</p>{{/if}}
<p>Please keep this email as your receipt.</p>`,
    text: `Dear {{firstName|friend}},

Thank you for your {{#if monthly}}monthly {{/if}}donation of {{amount}} on {{paidOn}}{{#if campaign}} to {{campaign}}{{/if}}.
{{#if giftAid}}
${GIFT_AID_STATEMENT}
{{/if}}
{{#if manageUrl}}
You can change or cancel your monthly gift at any time: {{manageUrl}}
{{/if}}
Please keep this email as your receipt.`,
  },
  'payment-failed': {
    subject: 'Your monthly donation could not be taken',
    html: `<p>Dear {{firstName|friend}},</p>
<p>We could not take your monthly donation of <strong>{{amount}}</strong>. Your bank or card provider declined the payment.</p>
{{#if manageUrl}}<p>You can update your details or cancel here: <a href="{{manageUrl}}">manage my monthly gift</a>.</p>{{/if}}
<p>Thank you for your support.</p>`,
    text: `Dear {{firstName|friend}},

We could not take your monthly donation of {{amount}}. Your bank or card provider declined the payment.
{{#if manageUrl}}
You can update your details or cancel here: {{manageUrl}}
{{/if}}
Thank you for your support.`,
  },
  'donor-increase-confirm': {
    subject: 'Please confirm your new monthly gift of {{amount}}',
    html: `<p>Dear {{firstName|friend}},</p>
<p>We were asked to raise your monthly gift from {{previousAmount}} to <strong>{{amount}}</strong>. Nothing changes until you confirm:</p>
<p><a href="{{confirmUrl}}" style="display:inline-block;padding:10px 16px;background:#1a7f37;color:#fff;text-decoration:none">Confirm {{amount}} a month</a></p>
<p>This link works for 48 hours. If you did not ask for this, ignore this email: your gift stays at {{previousAmount}} a month.</p>`,
    text: `Dear {{firstName|friend}},

We were asked to raise your monthly gift from {{previousAmount}} to {{amount}}. Nothing changes until you confirm:
{{confirmUrl}}

This link works for 48 hours. If you did not ask for this, ignore this email: your gift stays at {{previousAmount}} a month.`,
  },
  'donor-gift-changed': {
    subject:
      '{{#if cancelled}}Your monthly gift is cancelled{{else}}{{#if paused}}Your monthly gift is paused{{else}}Your monthly gift is now {{amount}}{{/if}}{{/if}}',
    html: `<p>Dear {{firstName|friend}},</p>
{{#if cancelled}}<p>Your monthly gift of {{previousAmount}} is cancelled: no further payments will be taken. Thank you for all you have given.</p>{{else}}{{#if paused}}<p>Your monthly gift of {{amount}} is paused.</p>{{else}}<p>Your monthly gift is changed from {{previousAmount}} to <strong>{{amount}}</strong> a month, from your next payment.</p>{{/if}}{{/if}}
<p>If you did not make this change, please reply to this email straight away.</p>
{{#if manageUrl}}<p>Links in earlier emails no longer work. To make another change: <a href="{{manageUrl}}">manage my monthly gift</a>.</p>{{/if}}`,
    text: `Dear {{firstName|friend}},

{{#if cancelled}}Your monthly gift of {{previousAmount}} is cancelled: no further payments will be taken. Thank you for all you have given.{{else}}{{#if paused}}Your monthly gift of {{amount}} is paused.{{else}}Your monthly gift is changed from {{previousAmount}} to {{amount}} a month, from your next payment.{{/if}}{{/if}}

If you did not make this change, please reply to this email straight away.
{{#if manageUrl}}
Links in earlier emails no longer work. To make another change: {{manageUrl}}
{{/if}}`,
  },
  // The written record of an oral declaration (HMRC RE1841): what was declared and the 30-day right to cancel.
  'gift-aid-confirmation': {
    subject: 'Your Gift Aid declaration',
    html: `<p>Dear {{name}},</p>
<p>Thank you for telling us on {{declaredOn}} that you want us to claim Gift Aid on {{coverage}}. This email is our written record of that declaration.</p>
<p>You confirmed that you are a UK taxpayer and understand that if you pay less Income Tax and/or Capital Gains Tax than the amount of Gift Aid claimed on all your donations in that tax year, it is your responsibility to pay any difference.</p>
<p><strong>You have the right to cancel this declaration within 30 days of this email, that is by {{cancelBy}}.</strong> If you do, it will be treated as if it had never been made and we will not claim Gift Aid on these donations. You can also cancel it at any time afterwards for later donations.</p>
<p>To cancel, or if your name or home address changes, or you no longer pay enough tax, please reply to this email.</p>`,
    text: `Dear {{name}},

Thank you for telling us on {{declaredOn}} that you want us to claim Gift Aid on {{coverage}}. This email is our written record of that declaration.

You confirmed that you are a UK taxpayer and understand that if you pay less Income Tax and/or Capital Gains Tax than the amount of Gift Aid claimed on all your donations in that tax year, it is your responsibility to pay any difference.

You have the right to cancel this declaration within 30 days of this email, that is by {{cancelBy}}. If you do, it will be treated as if it had never been made and we will not claim Gift Aid on these donations. You can also cancel it at any time afterwards for later donations.

To cancel, or if your name or home address changes, or you no longer pay enough tax, please reply to this email.`,
  },
  'staff-invitation': {
    subject: 'You are invited to the staff console',
    html: `<p>Hello {{name|there}},</p>
<p>You have been invited to the staff console as <strong>{{role}}</strong>. Choose a password to join:</p>
<p><a href="{{acceptUrl}}" style="display:inline-block;padding:10px 16px;background:#1a7f37;color:#fff;text-decoration:none">Accept the invitation</a></p>
<p>This link works once, for 72 hours. If you were not expecting it, ignore this email.</p>`,
    text: `Hello {{name|there}},

You have been invited to the staff console as {{role}}. Choose a password to join:
{{acceptUrl}}

This link works once, for 72 hours. If you were not expecting it, ignore this email.`,
  },
  'staff-password-reset': {
    subject: 'Reset your staff console password',
    html: `<p>Hello {{name|there}},</p>
<p>Someone asked to reset the password of your staff console account. To choose a new one:</p>
<p><a href="{{resetUrl}}" style="display:inline-block;padding:10px 16px;background:#1a7f37;color:#fff;text-decoration:none">Choose a new password</a></p>
<p>This link works once, for one hour, and signs you out everywhere. If you did not ask for it, ignore this email: your password stays as it is.</p>`,
    text: `Hello {{name|there}},

Someone asked to reset the password of your staff console account. To choose a new one:
{{resetUrl}}

This link works once, for one hour, and signs you out everywhere. If you did not ask for it, ignore this email: your password stays as it is.`,
  },
};
