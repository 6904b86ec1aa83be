// Which generator fills the resource engine's collections (issue 20: "prefer a well-kept
// generator — json-schema-faker with our faker instance, or openapi-sampler — over a hand-written
// one unless a measurement says otherwise"). For the engine fixture's Widget and the vendor's
// CancellationPlan (as the corrections pass serves it), each generator draws 50 objects, and the
// run reports: schema-valid objects (the mock's own response checker), distinct values of a few
// fields (a list of 50 copies looks like no data), whether names, e-mails and references look real,
// the same bytes for the same seed, and time per object.
//
//   npm install --prefix /tmp/generators json-schema-faker openapi-sampler
//   GENERATORS_DIR=/tmp/generators npx tsx bench/generators.ts
//
// The two packages are not dependencies of the project: the run reads them from GENERATORS_DIR.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { planEngine } from '../src/engine/resource-plan.ts';
import { sampleObject } from '../src/engine/sample-value.ts';
import { createSeedRandom } from '../src/seed/seed-random.ts';
import { SEED_REFERENCE_DATE, seedStore } from '../src/seed/seed-store.ts';
import { loadSpecs, prepareForEngine } from '../src/spec/load-specs.ts';
import { createResponseChecker } from '../src/spec/response-checker.ts';
import { loadUnroutedSchema } from '../src/spec/unrouted-schema.ts';
import { createStore } from '../src/store/store.ts';

const dir = process.env.GENERATORS_DIR ?? '/tmp/generators';
const req = createRequire(join(dir, 'package.json'));
// ESM only (`exports` has no `require`): imported from its file.
const jsf = await import(join(dir, 'node_modules/json-schema-faker/dist/index.js'));
const sampler = req('openapi-sampler');
const root = fileURLToPath(new URL('..', import.meta.url));
const N = 50;

const cases = [
  { name: 'Widget (engine fixture)', specs: join(root, 'test/fixtures/engine'), file: 'widgets.openapi.yaml', op: 'retrieveWidget', fields: ['name', 'contact', 'channel', 'price', 'status'] },
  { name: 'CancellationPlan (vendor seed 002, corrected)', specs: join(root, 'specs/vendor/cancellation-plans'), file: 'retrieve-cancellation-plan.json', op: 'getApiV1CancellationPlansById', fields: ['pk', 'refund_amount', 'order_previous_status', 'status', 'order'] },
];

const store = createStore();
seedStore(store, { seed: 1, size: 100 });
const unrouted = await loadUnroutedSchema(join(root, 'specs'));

for (const c of cases) {
  const { mkdtempSync, cpSync } = await import('node:fs');
  const tmp = mkdtempSync('/tmp/generators-spec-');
  cpSync(join(c.specs, c.file), join(tmp, c.file.replace(/(\.openapi)?\.(json|yaml)$/, '.openapi.$2')));
  const specs = prepareForEngine(await loadSpecs(tmp), new Set());
  const checker = createResponseChecker(specs, unrouted);
  const action = planEngine(specs, new Set()).find((a) => a.op.operationId === c.op);
  if (!action) throw new Error(`${c.op} not among ${specs.operations.map((o) => o.operationId).join(', ')}`);
  const schema = action.schema!;
  const draw: Record<string, (seed: number) => unknown[]> = {
    'own sampler (sample-value.ts)': (seed) => {
      const random = createSeedRandom(seed, SEED_REFERENCE_DATE);
      return Array.from({ length: N }, () => sampleObject(schema, { random, store, now: SEED_REFERENCE_DATE }));
    },
    'json-schema-faker 0.6.3 + our Turkish faker': (seed) => {
      const { faker } = createSeedRandom(seed, SEED_REFERENCE_DATE);
      const gen = jsf.createGeneratorSync({ seed, extensions: { faker }, alwaysFakeOptionals: true });
      return Array.from({ length: N }, () => gen.generate(schema));
    },
    'openapi-sampler 1.7.10': () => Array.from({ length: N }, () => sampler.sample(schema, { skipReadOnly: false })),
  };
  console.log(`\n## ${c.name} — ${N} objects each (load ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  for (const [label, make] of Object.entries(draw)) {
    let objects: unknown[];
    let error = '';
    try {
      make(2); // warm-up, not timed
    } catch { /* reported below */ }
    const t0 = performance.now();
    try {
      objects = make(1);
    } catch (e) {
      objects = [];
      error = (e as Error).message.slice(0, 120);
    }
    const us = ((performance.now() - t0) * 1000) / N;
    if (error) {
      console.log(`- ${label}: fails: ${error}`);
      continue;
    }
    const valid = objects.filter((o) => checker.check(c.op, { status: 200, contentType: 'application/json', body: o }).length === 0).length;
    const firstFinding = objects.map((o) => checker.check(c.op, { status: 200, contentType: 'application/json', body: o })).find((f) => f.length > 0)?.[0];
    let same = false;
    try {
      same = JSON.stringify(make(1)) === JSON.stringify(objects);
    } catch { /* reported above */ }
    const distinct = c.fields.map((f) => `${f} ${new Set(objects.map((o) => JSON.stringify((o as Record<string, unknown>)[f]))).size}`).join(', ');
    const first = objects[0] as Record<string, unknown>;
    const shown = c.fields.map((f) => `${f}=${String(JSON.stringify(first[f])).slice(0, 60)}`).join(' ');
    console.log(`- ${label}: ${us.toFixed(0)} µs/object; schema-valid ${valid}/${N}${firstFinding ? ` (e.g. ${firstFinding.path} ${firstFinding.message})` : ''}; same seed → same bytes: ${same}`);
    console.log(`  distinct values of ${N}: ${distinct}`);
    console.log(`  first: ${shown}`);
  }
}
