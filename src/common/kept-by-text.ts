/**
 * Values that are a pure function of a short text (a list URL), each made once and kept in two
 * generations: a new generation starts when the newest holds `perGeneration` texts, and the one
 * before it is dropped, so at most 2 × `perGeneration` are kept and a text asked for steadily
 * stays (it is carried into each new generation when asked). Texts longer than `longest` are made
 * every time and never kept, so the memory held is bounded by count × length (issue 26,
 * thirteenth session: the page parts of `paginate` and the engine's plain pages).
 */
export class KeptByText<V> {
  #recent = new Map<string, V>();
  #older = new Map<string, V>();

  constructor(
    readonly perGeneration: number,
    readonly longest: number,
  ) {}

  /** The value kept for `text`, or `make(text)` — kept unless `text` is over `longest`. */
  get(text: string, make: (text: string) => V): V {
    const kept = this.#recent.get(text);
    if (kept !== undefined) return kept;
    // `undefined` is "not kept": a kept `null` (a URL that is not of the kind) is carried as is.
    let value = this.#older.get(text);
    if (value === undefined) value = make(text);
    if (text.length > this.longest) return value;
    if (this.#recent.size >= this.perGeneration) {
      this.#older = this.#recent;
      this.#recent = new Map();
    }
    this.#recent.set(text, value);
    return value;
  }

  /** How many texts are kept now (for tests of the bound). */
  get size(): number {
    return this.#recent.size + this.#older.size;
  }
}
