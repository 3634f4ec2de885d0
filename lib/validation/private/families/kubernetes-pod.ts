import type { RuleFamily } from '../rule-info';

/** (to be ported) */
export const kubernetesPod: RuleFamily = {
  rules: [],
  check() {},
};
