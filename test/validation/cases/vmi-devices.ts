import { Case } from './fixture';

/** Cases of lib/validation/private/families/vmi-devices.ts: each breaks one rule, with a valid twin. */
export const vmiDevicesCases: Case[] = [];
