export * from './api';
export * from './delivery';
export * from './issues';
export * from './recording';
export * from './transcript';
