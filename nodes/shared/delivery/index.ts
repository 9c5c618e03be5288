export * from './authenticate';
export * from './decide';
export * from './envelope';
export * from './eventLedger';
export * from './item';
export * from './validation';
