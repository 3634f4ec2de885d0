import type { RuleFamily } from '../rule-info';

/** (to be ported) */
export const vmiDevices: RuleFamily = {
  rules: [],
  check() {},
};
