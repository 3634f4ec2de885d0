import { drift } from './drift';
import { harvesterBackupRefs } from './harvester-backup-refs';
import { harvesterImageRefs } from './harvester-image-refs';
import { harvesterNetworkRefs } from './harvester-network-refs';
import { harvesterWebhooks } from './harvester-webhooks';
import { kubernetesPod } from './kubernetes-pod';
import { vmiDevices } from './vmi-devices';
import { vmiPlacement } from './vmi-placement';
import { vmsAdmitter } from './vms-admitter';
import type { RuleFamily } from '../rule-info';

/** The rule families ported one upstream area each, in rules-table order after the core rules. */
export const FAMILIES: readonly RuleFamily[] = [vmiDevices, vmiPlacement, vmsAdmitter, harvesterWebhooks, harvesterBackupRefs, harvesterImageRefs, kubernetesPod, drift, harvesterNetworkRefs];
