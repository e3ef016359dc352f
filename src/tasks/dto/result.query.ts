import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { REPORT_FORMATS, type ReportFormat } from '../../reports/report-formats';

export class ResultQuery {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json', description: 'ansible-lint’s report formats (pep8, codeclimate, sarif), junit, or Relia’s json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of: ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;
}
