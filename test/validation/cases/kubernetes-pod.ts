import { Case } from './fixture';

/** Cases of lib/validation/private/families/kubernetes-pod.ts: each breaks one rule, with a valid twin. */
export const kubernetesPodCases: Case[] = [];
