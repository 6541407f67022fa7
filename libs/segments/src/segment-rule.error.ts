import { HttpStatus } from '@nestjs/common';
import { AppError } from '@crm/platform';

export interface RuleProblem {
  /** Path of the bad node, e.g. `rules.all[2].op`. */
  field: string;
  messages: string[];
}

/** A rule tree that does not follow the language: 400 naming the bad node and what was expected. */
export class SegmentRuleError extends AppError<'invalid_segment_rule'> {
  readonly httpStatus = HttpStatus.BAD_REQUEST;

  constructor(readonly problems: RuleProblem[]) {
    super(
      'invalid_segment_rule',
      problems.map((problem) => `${problem.field}: ${problem.messages.join(', ')}`).join('; '),
      problems,
    );
  }
}
