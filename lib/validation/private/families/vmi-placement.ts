import type { RuleFamily } from '../rule-info';

/** (to be ported) */
export const vmiPlacement: RuleFamily = {
  rules: [],
  check() {},
};
