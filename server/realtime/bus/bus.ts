import type { ActivityNotice } from '../../../contracts/activity';
import type { EventEnvelope } from '../../../contracts/events';

export type BusHandler = (businessId: number, events: EventEnvelope[]) => void;
export type ActivityHandler = (businessId: number, notice: ActivityNotice) => void;

/**
 * Fan-out of committed events to every process. Delivery may reorder or repeat across processes;
 * receivers order by seq and fill gaps from the event log.
 */
export interface EventBus {
  publish(businessId: number, events: EventEnvelope[]): void;
  subscribe(handler: BusHandler): () => void;
  /**
   * Operators' activity in dialogs (presence): to every process, at most once, not ordered with events
   * and never in the event log; a lost one is repaired by the next (the browser repeats it).
   */
  publishActivity(businessId: number, notice: ActivityNotice): void;
  subscribeActivity(handler: ActivityHandler): () => void;
  close(): Promise<void>;
  /** Whether the fan-out to other processes is up; absent for the in-process bus, which has none. */
  readonly link?: 'connected' | 'unreachable';
}
