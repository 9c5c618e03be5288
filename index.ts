// The package's public entry: n8n loads the files listed in package.json's "n8n" section;
// this lets code that depends on the package reuse its node classes, schemas and types.
export { Claap } from './nodes/Claap/Claap.node';
export { ClaapTrigger } from './nodes/ClaapTrigger/ClaapTrigger.node';
export { ClaapRecordingsTrigger } from './nodes/ClaapRecordingsTrigger/ClaapRecordingsTrigger.node';
export { ClaapApi } from './credentials/ClaapApi.credentials';
export { ClaapWebhookApi } from './credentials/ClaapWebhookApi.credentials';
export * from './nodes/shared/schemas';
