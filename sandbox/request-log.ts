/** A bounded request log (ring buffer): memory stays flat however long the sandbox runs. */
import type { RequestFilter, RequestLogEntry } from "./types";

export class RequestLog {
  private entries: (RequestLogEntry | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity = 50_000) {
    this.entries = new Array<RequestLogEntry | undefined>(capacity);
  }

  add(entry: RequestLogEntry): void {
    this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  clear(): void {
    this.entries = new Array<RequestLogEntry | undefined>(this.capacity);
    this.next = 0;
    this.size = 0;
  }

  /** Oldest first. */
  list(filter: RequestFilter = {}): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      const e = this.entries[(start + i) % this.capacity];
      if (!e) continue;
      if (filter.accountId !== undefined && e.accountId !== filter.accountId) continue;
      if (filter.service !== undefined && e.service !== filter.service) continue;
      if (filter.action !== undefined && e.action !== filter.action && `${e.service}:${e.action}` !== filter.action) continue;
      if (filter.outcome !== undefined && e.outcome !== filter.outcome) continue;
      if (filter.principalArn !== undefined && e.principalArn !== filter.principalArn) continue;
      if (filter.since !== undefined && e.time < filter.since) continue;
      out.push(e);
    }
    return out;
  }
}
