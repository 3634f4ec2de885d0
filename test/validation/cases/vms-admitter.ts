import { Case } from './fixture';

/** Cases of lib/validation/private/families/vms-admitter.ts: each breaks one rule, with a valid twin. */
export const vmsAdmitterCases: Case[] = [];
