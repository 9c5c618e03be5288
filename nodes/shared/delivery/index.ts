export * from './authenticate';
export * from './decide';
export * from './envelope';
export * from './event-ledger';
export * from './item';
export * from './validation';
