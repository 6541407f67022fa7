import { ApiProperty } from '@nestjs/swagger';

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) firstName!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastName!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Null once the supporter is erased' })
  email!: string | null;
  @ApiProperty({ nullable: true, type: String }) source!: string | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MemberListDto {
  @ApiProperty({ type: [MemberDto] }) items!: MemberDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class PreviewDto {
  @ApiProperty({ description: 'Supporters matching the rules' }) count!: number;
  @ApiProperty({ description: 'Of those, how many may receive marketing mail now' }) mailable!: number;
  @ApiProperty({ type: [MemberDto], description: 'The first 20 matching supporters' }) sample!: MemberDto[];
}
