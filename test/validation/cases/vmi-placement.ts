import { Case } from './fixture';

/** Cases of lib/validation/private/families/vmi-placement.ts: each breaks one rule, with a valid twin. */
export const vmiPlacementCases: Case[] = [];
