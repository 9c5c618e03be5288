export * from './api';
export * from './delivery';
export * from './recording';
export * from './transcript';
