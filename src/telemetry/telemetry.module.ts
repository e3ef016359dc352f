import { Module } from '@nestjs/common';
import { TelemetryListener } from './telemetry.listener';
import { TelemetryWriter } from './telemetry.writer';

@Module({
  providers: [TelemetryWriter, TelemetryListener],
  exports: [TelemetryWriter],
})
export class TelemetryModule {}
