export * from './structure';
export * from './platform-rules';
export * from './cloud-init-data';
export { SynthValidation, formatProblem } from './synth-validation';
export type { SynthValidationOptions, SynthProblem } from './synth-validation';
