import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/**
 * A person the organisation knows. Owned by the subscribers app.
 *
 * Indexes TypeORM cannot describe (operator classes, expressions, GIN over an expression) are
 * named with `synchronize: false`: they are the migrations' to define, and the schema builder
 * leaves them alone.
 */
@Entity('supporters')
@Check('supporters_check', 'erased_at IS NOT NULL OR merged_at IS NOT NULL OR email_normalised IS NOT NULL')
@Check('supporters_date_of_death_check', 'date_of_death IS NULL OR deceased_at IS NOT NULL')
@Check('supporters_merged_check', '(merged_into_id IS NULL) = (merged_at IS NULL)')
@Index('supporters_postcode', ['postcode'], { where: 'postcode IS NOT NULL' })
@Index('supporters_phone', ['phone'], { where: 'phone IS NOT NULL' })
@Index('supporters_merged_into_id', ['mergedIntoId'], { where: 'merged_into_id IS NOT NULL' })
@Index('supporters_deceased_at', ['deceasedAt'], { where: 'deceased_at IS NOT NULL' })
@Index('supporters_tags', ['tags'], { type: 'gin' })
@Index('supporters_created_at', ['createdAt', 'id'])
@Index('supporters_erased_at', ['erasedAt'], { where: 'erased_at IS NOT NULL' })
// UNIQUE (email_normalised text_pattern_ops): one address per supporter, and email prefix search.
@Index('supporters_email_normalised_key', { synchronize: false })
// (lower(last_name) text_pattern_ops): last name prefix search.
@Index('supporters_last_name', { synchronize: false })
// (split_part(email_normalised, '@', 2)): the email domain segment condition.
@Index('supporters_email_domain', { synchronize: false })
// GIN trigram index over the search text (email, then "first last"): substring search.
@Index('supporters_search_trgm', { synchronize: false })
// (lower(first || ' ' || last) text_pattern_ops): full name prefix search.
@Index('supporters_full_name_prefix', { synchronize: false })
export class Supporter {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** As the person typed it; null once erased. */
  @Column('text', { nullable: true }) email!: string | null;
  /** Trimmed, lower-cased; unique; null once erased. */
  @Column('text', { nullable: true }) emailNormalised!: string | null;
  @Column('text', { nullable: true }) firstName!: string | null;
  @Column('text', { nullable: true }) lastName!: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) tags!: string[];
  @Column('text', { nullable: true }) notes!: string | null;
  @Column('text', { nullable: true }) source!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
  @Column('timestamptz', { nullable: true }) erasedAt!: Date | null;
  /** Postal address lines before the town (house, street, locality); empty when no address is known. */
  @Column('text', { array: true, default: () => "'{}'" }) addressLines!: string[];
  @Column('text', { nullable: true }) town!: string | null;
  /** A GB postcode is stored normalised ("SW1A 1AA"); others as given. */
  @Column('text', { nullable: true }) postcode!: string | null;
  /** ISO 3166-1 alpha-2 country of the address. */
  @Column('text', { nullable: true }) country!: string | null;
  /** E.164 ("+447700900123"). */
  @Column('text', { nullable: true }) phone!: string | null;
  /** When staff recorded the death: from then on no contact of any kind, and in no audience. */
  @Column('timestamptz', { nullable: true }) deceasedAt!: Date | null;
  /** YYYY-MM-DD, when known. */
  @Column('date', { nullable: true }) dateOfDeath!: string | null;
  /** The record this duplicate was merged into; its history and personal data moved there. */
  @Column('uuid', { nullable: true })
  @ForeignKey(() => Supporter, { name: 'supporters_merged_into_id_fkey' })
  mergedIntoId!: string | null;
  @Column('timestamptz', { nullable: true }) mergedAt!: Date | null;
  /** The newsletter subscription is subscribed and confirmed: a copy kept by database triggers. */
  @Column({ type: 'boolean', insert: false, update: false, default: false }) newsletterConfirmed!: boolean;
}
