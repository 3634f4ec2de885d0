import { Case } from './fixture';

/** Cases of lib/validation/private/families/harvester-webhooks.ts: each breaks one rule, with a valid twin. */
export const harvesterWebhooksCases: Case[] = [];
