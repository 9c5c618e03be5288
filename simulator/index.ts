export { startSimulator, DEFAULT_API_KEY, DEFAULT_WEBHOOK_ID, DEFAULT_WEBHOOK_SECRET, MIN_SCALED_TIMEOUT_MS } from './server';
export type { Simulator, SimulatorOptions } from './server';
export { CLAAP_DELIVERY_TIMEOUT_MS, CLAAP_RETRY_SCHEDULE_MS } from './deliveries';
export type { DeliveryAttempt, DeliveryRecord, DeliveryStatus } from './deliveries';
export type { ActiveFault, FaultKind, FaultSpec } from './faults';
export type { LoggedRequest, RequestFilter } from './requestLog';
export type { StoredRecording, TranscriptVersion } from './store';
export type { Webhook } from './webhookApi';
export { seedRecordings } from './seed/recordings';
