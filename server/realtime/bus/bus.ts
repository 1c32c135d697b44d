import type { EventEnvelope } from '../../../contracts/events';

export type BusHandler = (businessId: number, events: EventEnvelope[]) => void;

/**
 * Fan-out of committed events to every process. Delivery may reorder or repeat across processes;
 * receivers order by seq and fill gaps from the event log.
 */
export interface EventBus {
  publish(businessId: number, events: EventEnvelope[]): void;
  subscribe(handler: BusHandler): () => void;
  close(): Promise<void>;
  /** Whether the fan-out to other processes is up; absent for the in-process bus, which has none. */
  readonly link?: 'connected' | 'unreachable';
}
