import type { StandInEvent, StandInFile, StandInMessage, StandInView } from './types';

type Listener = (event: StandInEvent) => void;

/**
 * What the Slack stand-in has seen and what Slack would now show. Requests are handled
 * synchronously: an event is recorded, its effect applied, and only then announced, so whoever
 * waits for an event finds the messages and views already changed.
 */
export class StandInState {
  readonly events: StandInEvent[] = [];
  private readonly messagesById = new Map<string, StandInMessage>();
  private readonly viewsById = new Map<string, StandInView>();
  private readonly filesById = new Map<string, StandInFile>();
  private readonly listeners = new Set<Listener>();

  /** Messages in order of creation, deleted ones left out. */
  get messages(): StandInMessage[] {
    return [...this.messagesById.values()];
  }

  get views(): StandInView[] {
    return [...this.viewsById.values()];
  }

  record(event: Omit<StandInEvent, 'seq'>): StandInEvent {
    const recorded: StandInEvent = { seq: this.events.length + 1, ...event };
    this.events.push(recorded);
    return recorded;
  }

  announce(event: StandInEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  eventsAfter(seq: number): StandInEvent[] {
    return this.events.filter((event) => event.seq > seq);
  }

  putMessage(message: StandInMessage): void {
    this.messagesById.set(message.id, message);
  }

  message(id: string): StandInMessage | undefined {
    return this.messagesById.get(id);
  }

  messageAt(channel: string, ts: string): StandInMessage | undefined {
    return this.messages.find((message) => message.channel === channel && message.ts === ts);
  }

  deleteMessage(id: string): boolean {
    return this.messagesById.delete(id);
  }

  /** Files in order of creation. */
  get files(): StandInFile[] {
    return [...this.filesById.values()];
  }

  putFile(file: StandInFile): void {
    this.filesById.set(file.id, file);
  }

  file(id: string): StandInFile | undefined {
    return this.filesById.get(id);
  }

  putView(view: StandInView): void {
    this.viewsById.set(view.view.id, view);
  }

  view(id: string): StandInView | undefined {
    return this.viewsById.get(id);
  }

  /**
   * The first event, received already or to come, that `predicate` accepts.
   *
   * @throws Error after `timeoutMs` when none came, saying how many events were seen.
   */
  waitForEvent(predicate: (event: StandInEvent) => boolean, timeoutMs: number): Promise<StandInEvent> {
    const seen = this.events.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const listener: Listener = (event) => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(event);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`No matching Slack request within ${timeoutMs} ms (${this.events.length} received in all).`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }
}
