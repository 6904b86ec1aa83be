import type { Step } from '../contracts/scenario.ts';
import type { Exchange } from './exchange.ts';
import { exchangeToStep, type RecordedStep } from './exchange-to-step.ts';
import { SESSION_HEADER } from './hop-by-hop.ts';
import type { Redactor } from './redactor.ts';
import { ScenarioCaptures } from './scenario-captures.ts';

/** Open scenarios at most; past it the least recently active one is closed and written. */
const MAX_OPEN = 64;

export type GroupBy = 'token' | 'none';

/** A scenario once it closes: what the writer turns into a file. */
export interface ClosedScenario {
  /** For the file name and the scenario's name: `session checkout`, `session 2`. */
  label: string;
  slug: string;
  /** 1, 2, …: the order scenarios started in this recording (file names sort by it). */
  number: number;
  startedAt: Date;
  steps: Step[];
}

export interface RecorderOptions {
  redactor: Redactor;
  /** A scenario closes after this long without an exchange. */
  gapMs: number;
  /** …or when it holds this many steps. */
  maxSteps: number;
  /** Without an `X-Record-Session` header: one session per Authorization value, or one for all. */
  groupBy: GroupBy;
  keepHeaders: readonly string[];
  maxBodyBytes: number;
  /** Writes a closed scenario (and prints its line). */
  write(scenario: ClosedScenario): void;
  onLine(line: string): void;
}

interface OpenScenario {
  number: number;
  label: string;
  slug: string;
  keys: Set<string>;
  startedAt: Date;
  steps: RecordedStep[];
  captures: ScenarioCaptures;
  lastAt: number;
  timer: NodeJS.Timeout | null;
}

/**
 * Groups exchanges into scenarios — by session (the `X-Record-Session` header, else the token,
 * which a login's answered key joins to the login itself) and by time: a pause longer than the
 * gap starts a new scenario — and writes each scenario as soon as it closes. One console line per
 * exchange, from the redacted step, so the console shows no secret either.
 */
export class ScenarioRecorder {
  private readonly open = new Map<string, OpenScenario>();
  private readonly sessionNumbers = new Map<string, number>();
  private started = 0;

  constructor(private readonly options: RecorderOptions) {}

  add(ex: Exchange): void {
    const key = this.sessionKey(ex);
    let scenario = this.open.get(key);
    if (scenario && ex.startedAt - scenario.lastAt > this.options.gapMs) {
      this.close(scenario);
      scenario = undefined;
    }
    scenario ??= this.start(key);
    const { recorded, answer } = exchangeToStep(ex, { redactor: this.options.redactor, captures: scenario.captures, keepHeaders: this.options.keepHeaders, maxBodyBytes: this.options.maxBodyBytes });
    scenario.steps.push(recorded);
    scenario.lastAt = Math.max(scenario.lastAt, ex.finishedAt);
    this.aliasLoginKey(ex, answer, scenario);
    this.options.onLine(lineFor(scenario, recorded, ex));
    if (scenario.steps.length >= this.options.maxSteps) return this.close(scenario);
    if (scenario.timer) clearTimeout(scenario.timer);
    scenario.timer = setTimeout(() => this.close(scenario), this.options.gapMs);
    scenario.timer.unref();
  }

  /** Closes and writes every open scenario: on shutdown. */
  closeAll(): void {
    for (const scenario of new Set(this.open.values())) this.close(scenario);
  }

  private sessionKey(ex: Exchange): string {
    const named = ex.requestHeaders[SESSION_HEADER];
    if (typeof named === 'string' && named.trim() !== '') return `session ${named.trim()}`;
    if (this.options.groupBy === 'none') return 'all';
    const auth = ex.requestHeaders.authorization;
    return auth ? `auth ${auth.trim()}` : 'anonymous';
  }

  private start(key: string): OpenScenario {
    if (new Set(this.open.values()).size >= MAX_OPEN) {
      const idle = [...this.open.values()].sort((a, b) => a.lastAt - b.lastAt)[0];
      if (idle) this.close(idle);
    }
    const [label, slug] = this.labelOf(key);
    const scenario: OpenScenario = { number: ++this.started, label, slug, keys: new Set([key]), startedAt: new Date(), steps: [], captures: new ScenarioCaptures(), lastAt: 0, timer: null };
    this.open.set(key, scenario);
    return scenario;
  }

  /** Never the key itself: for token sessions it is the token. */
  private labelOf(key: string): [string, string] {
    if (key.startsWith('session ')) {
      const name = key.slice('session '.length);
      const slug = this.options.redactor.holdsSecret(name) ? '' : name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
      if (slug) return [`session ${slug}`, slug];
    }
    if (key === 'all') return ['recording', 'all'];
    if (key === 'anonymous') return ['requests without a token', 'anonymous'];
    let n = this.sessionNumbers.get(key);
    if (n === undefined) this.sessionNumbers.set(key, (n = this.sessionNumbers.size + 1));
    return [`session ${n}`, `s${n}`];
  }

  /** A login's answered key joins later requests that send it to the login's own scenario. */
  private aliasLoginKey(ex: Exchange, answer: unknown, scenario: OpenScenario): void {
    if (this.options.groupBy !== 'token' || ex.status >= 300 || ex.requestHeaders[SESSION_HEADER]) return;
    const key = answer && typeof answer === 'object' ? (answer as { key?: unknown }).key : undefined;
    if (typeof key !== 'string' || key === '') return;
    for (const alias of [`auth Token ${key}`, `auth Bearer ${key}`]) {
      if (this.open.has(alias)) continue;
      this.open.set(alias, scenario);
      scenario.keys.add(alias);
    }
  }

  private close(scenario: OpenScenario): void {
    if (scenario.timer) clearTimeout(scenario.timer);
    scenario.timer = null;
    for (const key of scenario.keys) if (this.open.get(key) === scenario) this.open.delete(key);
    if (scenario.steps.length === 0) return;
    const steps = [...scenario.steps].sort((a, b) => a.seq - b.seq).map((s) => s.step);
    scenario.steps = [];
    this.options.write({ number: scenario.number, label: scenario.label, slug: scenario.slug, startedAt: scenario.startedAt, steps });
  }
}

function lineFor(scenario: OpenScenario, recorded: RecordedStep, ex: Exchange): string {
  const { request } = recorded.step;
  const query = Object.entries(request.query ?? {}).map(([k, v]) => `${k}=${v}`).join('&');
  const extras = [`${Math.round(ex.finishedAt - ex.startedAt)} ms`];
  if (recorded.placeholders > 0) extras.push(`${recorded.placeholders} redacted`);
  extras.push(...recorded.notes);
  return `REC   ${scenario.label} #${scenario.steps.length}  ${request.method} ${request.path}${query ? `?${query}` : ''} → ${ex.status}  (${extras.join('; ')})`;
}
