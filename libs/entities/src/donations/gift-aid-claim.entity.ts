import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A batch of donations claimed from HMRC together. Owned by the donations app. */
@Entity('gift_aid_claims')
export class GiftAidClaim {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { nullable: true }) createdBy!: string | null;
  @Column('int') donationCount!: number;
  @Column('int') totalAmount!: number;
  /** ISO 4217, upper case. */
  @Column('char', { length: 3 }) currency!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
