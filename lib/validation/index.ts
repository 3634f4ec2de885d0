export * from './structure';
export * from './platform-rules';
export * from './cloud-init-data';
export * from './synth-validation';
