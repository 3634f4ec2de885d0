/**
 * Harvester value sets that GitVops' props expose, read by construct checks and by the manifest
 * validator alike.
 */

/** The Harvester release whose CRDs and rules the output is checked against. */
export enum HarvesterVersion {
  /** Harvester v1.6 (CRDs of v1.6.1). */
  V1_6 = '1.6',
  /** Harvester v1.8 (CRDs of v1.8.2). */
  V1_8 = '1.8',
}

/**
 * What Harvester does with the VM when its host enters maintenance mode (VM label
 * `harvesterhci.io/maintain-mode-strategy`; harvester/harvester `pkg/util/constants.go`).
 */
export enum MaintainModeStrategy {
  /** Live-migrate the VM to another host (Harvester's default). */
  MIGRATE = 'Migrate',
  /** Shut the VM down and start it again when maintenance mode is enabled. */
  SHUTDOWN_AND_RESTART_AFTER_ENABLE = 'ShutdownAndRestartAfterEnable',
  /** Shut the VM down and start it again when maintenance mode is disabled. */
  SHUTDOWN_AND_RESTART_AFTER_DISABLE = 'ShutdownAndRestartAfterDisable',
  /** Shut the VM down and leave it off. */
  SHUTDOWN = 'Shutdown',
}

/**
 * Where Longhorn keeps a replica relative to the VM (StorageClass parameter `dataLocality`;
 * Harvester's storageclass webhook refuses `strict-local`).
 */
export enum LonghornDataLocality {
  /** No preference (Longhorn's default). */
  DISABLED = 'disabled',
  /** Try to keep one replica on the VM's node. */
  BEST_EFFORT = 'best-effort',
}

/** What a scheduled VM backup takes (ScheduleVMBackup `vmbackup.type`). */
export enum VmBackupType {
  /** A backup to the cluster's backup target (survives the cluster). */
  BACKUP = 'backup',
  /** A snapshot in the cluster (fast, local). */
  SNAPSHOT = 'snapshot',
}
