import { CORE_CASES } from './core';
import { driftCases } from './drift';
import { Case } from './fixture';
import { harvesterBackupRefsCases } from './harvester-backup-refs';
import { harvesterImageRefsCases } from './harvester-image-refs';
import { harvesterNetworkRefsCases } from './harvester-network-refs';
import { harvesterWebhooksCases } from './harvester-webhooks';
import { kubernetesPodCases } from './kubernetes-pod';
import { vmiDevicesCases } from './vmi-devices';
import { vmiPlacementCases } from './vmi-placement';
import { vmsAdmitterCases } from './vms-admitter';

/** Every rule case: the core rules, then one list per family (lib/validation/private/families/). */
export const CASES: Case[] = [...CORE_CASES, ...vmiDevicesCases, ...vmiPlacementCases, ...vmsAdmitterCases, ...harvesterWebhooksCases, ...harvesterBackupRefsCases, ...harvesterImageRefsCases, ...kubernetesPodCases, ...driftCases, ...harvesterNetworkRefsCases];
