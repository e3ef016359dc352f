import { Module } from '@nestjs/common';
import { TelemetryListener } from './telemetry.listener';
import { TelemetryRepository } from './telemetry.repository';
import { TelemetryWriter } from './telemetry.writer';

@Module({
  providers: [TelemetryWriter, TelemetryListener, TelemetryRepository],
  exports: [TelemetryWriter, TelemetryRepository],
})
export class TelemetryModule {}
