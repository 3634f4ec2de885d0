import type { RuleFamily } from '../rule-info';

/** (to be ported) */
export const vmsAdmitter: RuleFamily = {
  rules: [],
  check() {},
};
