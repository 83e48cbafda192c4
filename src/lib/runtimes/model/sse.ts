/**
 * A server-sent events reader for chat-completion streams: bytes in, the `data` of each event
 * out. Network chunks split anywhere (inside a line, inside a UTF-8 character, between `\r`
 * and `\n`), so nothing is parsed until its line is complete.
 *
 * Format (WHATWG HTML, "Server-sent events"): lines end in `\n`, `\r\n` or `\r`; a blank line
 * ends an event; `data:` lines of one event are joined with `\n`; one space after the colon is
 * dropped; lines starting with `:` are comments (OpenRouter sends `: PROCESSING` keep-alives);
 * other fields (`event:`, `id:`, `retry:`) do not matter to a chat completion.
 */
export class SseDecoder {
  readonly #text = new TextDecoder();
  #buffer = '';
  #data: string[] = [];
  /** the previous chunk ended in `\r`: a `\n` starting the next one belongs to it */
  #pendingCr = false;

  /** Feed bytes; returns the data of every event completed by them. */
  push(bytes: Uint8Array): string[] {
    return this.#lines(this.#text.decode(bytes, { stream: true }));
  }

  /**
   * The stream ended: returns an event left without its closing blank line (some servers end
   * with `data: [DONE]\n` and close), so the caller can still see it.
   */
  end(): string[] {
    const events = this.#lines(this.#text.decode() + '\n\n');
    this.#buffer = '';
    return events;
  }

  #lines(text: string): string[] {
    if (this.#pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.#pendingCr = false;
    this.#buffer += text;
    const events: string[] = [];
    let start = 0;
    for (let i = 0; i < this.#buffer.length; i++) {
      const c = this.#buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      this.#line(this.#buffer.slice(start, i), events);
      if (c === '\r') {
        if (i + 1 === this.#buffer.length) this.#pendingCr = true;
        else if (this.#buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    this.#buffer = this.#buffer.slice(start);
    return events;
  }

  #line(line: string, events: string[]): void {
    if (line === '') {
      if (this.#data.length > 0) events.push(this.#data.join('\n'));
      this.#data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'data') return;
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    this.#data.push(value);
  }
}
