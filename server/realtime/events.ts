import type { EventData, EventType } from '../../contracts/events';

/** An event produced by a use case, before the log gives it a sequence number. */
export type PendingEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

/** Typed constructor, so a use case cannot emit an event with the wrong data shape. */
export function event<T extends EventType>(type: T, data: EventData<T>): PendingEvent {
  return { type, data } as PendingEvent;
}
