export * from './pollState';
export * from './recordingPoll';
