import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '../auth/public.decorator';

@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics (tasks, executor, HTTP, Node process)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format', content: { 'text/plain': { example: 'relia_tasks_completed_total{type="lint"} 42\n' } } })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
