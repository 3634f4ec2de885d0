import { ChangeClass } from '../change';

/** The order of the classes, worst first (reports are sorted by it). */
export const CHANGE_CLASS_ORDER: readonly ChangeClass[] = [
  ChangeClass.DATA_LOSS, ChangeClass.REJECTED, ChangeClass.RECREATE, ChangeClass.RESTART, ChangeClass.LIVE, ChangeClass.DEFERRED, ChangeClass.POWER, ChangeClass.SAFE,
];

