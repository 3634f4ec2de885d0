import type { RuleFamily } from '../rule-info';

/** (to be ported) */
export const harvesterWebhooks: RuleFamily = {
  rules: [],
  check() {},
};
