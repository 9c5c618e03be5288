export * from './claapApi';
export * from './errors';
export * from './presigned';
export * from './request';
export * from './response';
export * from './retry';
