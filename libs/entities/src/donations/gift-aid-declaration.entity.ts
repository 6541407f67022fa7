import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf } from '../schema/check';

/** How a declaration was made: on a form online, on paper, or by phone or in person. */
export const DECLARATION_METHODS = ['online', 'written', 'oral'] as const;
export type DeclarationMethod = (typeof DECLARATION_METHODS)[number];

/**
 * What a declaration covers: the gifts linked to it (`donations.gift_aid_declaration_id`, as at
 * checkout), or the supporter's gifts from `coversFrom` up to when it was made and, with
 * `coversFuture`, onwards.
 */
export const DECLARATION_SCOPES = ['this_gift', 'supporter_gifts'] as const;
export type DeclarationScope = (typeof DECLARATION_SCOPES)[number];

/** How an oral declaration's written confirmation went to the donor. */
export const CONFIRMATION_CHANNELS = ['email', 'post'] as const;
export type ConfirmationChannel = (typeof CONFIRMATION_CHANNELS)[number];

/** A Gift Aid declaration, made at checkout or recorded by staff. Kept 6 years for HMRC. Owned by the donations app. */
@Entity('gift_aid_declarations')
@Unique('gift_aid_declarations_stripe_checkout_session_id_key', ['stripeCheckoutSessionId'])
@Index('gift_aid_declarations_supporter', ['supporterId'])
@Index('gift_aid_declarations_awaiting_confirmation', ['declaredAt'], {
  where: "method = 'oral' AND confirmation_sent_at IS NULL AND cancelled_at IS NULL",
})
@Check('gift_aid_declarations_method_check', oneOf('method', DECLARATION_METHODS))
@Check('gift_aid_declarations_scope_check', oneOf('scope', DECLARATION_SCOPES))
@Check(
  'gift_aid_declarations_confirmation_channel_check',
  oneOf('confirmation_channel', CONFIRMATION_CHANNELS),
)
@Check(
  'gift_aid_declarations_covers_check',
  "scope = 'this_gift' OR (supporter_id IS NOT NULL AND covers_from IS NOT NULL)",
)
export class GiftAidDeclaration {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { nullable: true }) supporterId!: string | null;
  @Column('text', { nullable: true }) stripeCheckoutSessionId!: string | null;
  @Column('text', { nullable: true }) title!: string | null;
  @Column('text') firstName!: string;
  @Column('text') lastName!: string;
  @Column('text') houseNameOrNumber!: string;
  @Column('text') postcode!: string;
  @Column('text') wordingVersion!: string;
  @Column('timestamptz') declaredAt!: Date;
  /** Gifts paid at or after this time are not covered. */
  @Column('timestamptz', { nullable: true }) cancelledAt!: Date | null;
  @Column('text', { default: 'online' }) method!: DeclarationMethod;
  @Column('text', { default: 'this_gift' }) scope!: DeclarationScope;
  @Column('timestamptz', { nullable: true }) coversFrom!: Date | null;
  @Column('boolean', { default: false }) coversFuture!: boolean;
  /** Where the evidence is kept (a scanned form's reference, a call recording): staff's own words. */
  @Column('text', { nullable: true }) evidenceNote!: string | null;
  /** An oral declaration is claimable only once its written confirmation has been sent. */
  @Column('timestamptz', { nullable: true }) confirmationSentAt!: Date | null;
  @Column('text', { nullable: true }) confirmationChannel!: ConfirmationChannel | null;
  @Column('text', { nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
