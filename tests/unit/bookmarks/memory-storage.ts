/** A `Storage` held in memory, with switches to make it fail the way browsers do. */
export class MemoryStorage implements Storage {
  [name: string]: any;
  readonly #data = new Map<string, string>();
  /** Throws a QuotaExceededError from `setItem`, as a full or private-mode storage does. */
  failWrites = false;
  /** Throws a SecurityError from every access, as blocked storage does. */
  blocked = false;

  constructor(entries: Record<string, string> = {}) {
    for (const [key, value] of Object.entries(entries)) this.#data.set(key, value);
  }

  get length(): number {
    this.#check();
    return this.#data.size;
  }

  key(index: number): string | null {
    this.#check();
    return [...this.#data.keys()][index] ?? null;
  }

  getItem(key: string): string | null {
    this.#check();
    return this.#data.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    this.#check();
    if (this.failWrites)
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.#data.set(key, String(value));
  }

  removeItem(key: string): void {
    this.#check();
    this.#data.delete(key);
  }

  clear(): void {
    this.#check();
    this.#data.clear();
  }

  /** Everything stored, for assertions. */
  entries(): Record<string, string> {
    return Object.fromEntries(this.#data);
  }

  #check(): void {
    if (this.blocked) throw new DOMException('The operation is insecure.', 'SecurityError');
  }
}
