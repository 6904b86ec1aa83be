import { escapeSegment } from '../contracts/json-pointer.ts';
import { isPlaceholder } from '../contracts/placeholders.ts';
import type { Step } from '../contracts/scenario.ts';
import { BUILT_IN_VARIABLES } from '../contracts/templates.ts';
import { answerHint, singular, type IdHint } from './id-hints.ts';
import { kindOfKey, RETURNED_KEYS } from './secret-kinds.ts';

/** Leaves indexed per answer at most: a huge export list is not worth a capture index. */
const MAX_LEAVES = 10_000;

interface Leaf {
  pointer: string;
  hint: IdHint | null;
  depth: number;
}

interface Answer {
  step: Step;
  finishedAt: number;
  /** value text → where it stands, in document order. */
  leaves: Map<string, Leaf[]>;
}

/**
 * The answers one scenario has seen so far, indexed so that an id a later request sends can be
 * traced back to where it came from and become a capture: `{"cancellation_plan":
 * "/results/0/pk"}` on the list step and `{{cancellation_plan}}` in the later path. Replayed
 * against another environment, the id is then read from that environment's own answer.
 */
export class ScenarioCaptures {
  private readonly answers: Answer[] = [];
  private readonly names = new Map<string, string>();
  private readonly taken = new Set<string>(BUILT_IN_VARIABLES);

  /** Indexes a JSON answer to `step`; `resource` names what the request was about. */
  addAnswer(step: Step, body: unknown, resource: string | null, finishedAt: number): void {
    const leaves = new Map<string, Leaf[]>();
    let count = 0;
    const walk = (value: unknown, pointer: string, key: string | null, owner: string | null, depth: number): void => {
      if (count >= MAX_LEAVES) return;
      if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${pointer}/${i}`, key, owner, depth + 1));
      if (value && typeof value === 'object') {
        // Ids of the object itself belong to what its key names; `results` rows to the resource.
        const inner = key === null || key === 'results' ? owner : singular(key);
        for (const [k, v] of Object.entries(value)) walk(v, `${pointer}/${escapeSegment(k)}`, k, inner, depth + 1);
        return;
      }
      if (key === null || (typeof value !== 'string' && typeof value !== 'number')) return;
      const credential = typeof value === 'string' && value.length >= 8 && RETURNED_KEYS.has(key) && (key !== 'key' || depth === 1);
      const hint = kindOfKey(key) ? null : answerHint(key, value, owner);
      if (!hint && !credential) return;
      count++;
      const text = String(value);
      const list = leaves.get(text) ?? [];
      list.push({ pointer, hint, depth });
      leaves.set(text, list);
    };
    walk(body, '', null, resource, 0);
    this.answers.push({ step, finishedAt, leaves });
  }

  /**
   * The capture name for an id a request sends, or null when no earlier answer (finished before
   * the request started) holds it as the same kind of id. Of several, the latest answer and the
   * shallowest place win. `unsafe` rejects a pointer that would write a secret (a key of a
   * free-form map).
   */
  idFor(value: string, hint: IdHint, startedAt: number, unsafe: (pointer: string) => boolean): string | null {
    return this.pick(value, startedAt, unsafe, (leaf) => leaf.hint?.owner === hint.owner && leaf.hint.field === hint.field, hint.field === 'pk' ? hint.owner : `${hint.owner}_${hint.field}`);
  }

  /** The capture name for a credential a request sends that an earlier answer handed out. */
  credentialFor(value: string, startedAt: number, unsafe: (pointer: string) => boolean): string | null {
    return this.pick(value, startedAt, unsafe, (leaf) => !leaf.hint, null);
  }

  private pick(value: string, startedAt: number, unsafe: (p: string) => boolean, fits: (leaf: Leaf) => boolean, base: string | null): string | null {
    // An id captured already is reused: list → retrieve → update all say {{cancellation_plan}}.
    for (const [i, answer] of this.answers.entries()) {
      if (answer.finishedAt > startedAt) continue;
      for (const leaf of answer.leaves.get(value) ?? []) {
        const name = this.names.get(`${i} ${leaf.pointer}`);
        if (name && fits(leaf)) return name;
      }
    }
    for (let i = this.answers.length - 1; i >= 0; i--) {
      const answer = this.answers[i]!;
      if (answer.finishedAt > startedAt) continue;
      const leaf = (answer.leaves.get(value) ?? []).filter(fits).sort((a, b) => a.depth - b.depth)[0];
      if (!leaf || unsafe(leaf.pointer)) continue;
      return this.nameFor(i, leaf.pointer, base ?? leaf.pointer.split('/').at(-1)!);
    }
    return null;
  }

  private nameFor(index: number, pointer: string, base: string): string {
    const step = this.answers[index]!.step;
    const id = `${index} ${pointer}`;
    const known = this.names.get(id);
    if (known) return known;
    const clean = base.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_') || 'id';
    let name = clean;
    for (let n = 2; this.taken.has(name) || isPlaceholder(name); n++) name = `${clean}_${n}`;
    this.taken.add(name);
    this.names.set(id, name);
    step.capture = { ...step.capture, [name]: pointer };
    return name;
  }
}
