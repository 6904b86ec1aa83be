import { describe, expect, it } from 'vitest';
import { ORDER_STATUS_CODES } from '../src/store/types.ts';
import { engineAlone, ENGINE_AUTH } from './support/engine-alone.ts';
import { specDir } from './support/spec-dir.ts';
import { vendorBlock } from './support/vendor-block.ts';

/** The unmodified "Retrieve Cancellation Plan" block served by the engine alone, and its checker (loaded once). */
let loaded: ReturnType<typeof load> | undefined;
const retrievePlanBlock = () => (loaded ??= load());

async function load() {
  const { specs, checker, app } = await engineAlone(specDir({ 'vendor.openapi.json': vendorBlock('Retrieve Cancellation Plan') }));
  const [op] = specs.operations;
  const plan = (await (await app.request('/api/v1/cancellation_plans/1/', { headers: ENGINE_AUTH })).json()) as any;
  const check = (body: unknown) => checker.check(op!.operationId, { status: 200, contentType: 'application/json', body }).map((f) => `${f.path} ${f.message}`);
  return { plan, check };
}

describe('the corrections pass over an unmodified vendor block (specs/CORRECTIONS.md#any-document)', () => {
  it('serves order statuses as the codes payloads carry, not the names the vendor lists', async () => {
    const { plan, check } = await retrievePlanBlock();
    const codes: readonly string[] = ORDER_STATUS_CODES;
    expect(codes).toContain(plan.order_previous_status);
    const line = plan.cancellationplanorderitem_set[0];
    expect(codes).toContain(line.status);
    expect(codes).toContain(line.order_item.status);
    expect(check(plan)).toEqual([]);
    // A name where Omnitron sends a code is not what the document promises.
    expect(check({ ...plan, order_previous_status: 'approved' })).not.toEqual([]);
  });

  it('accepts null where the vendor writes nullable beside a $ref, on an enum and on a composed object', async () => {
    const { plan, check } = await retrievePlanBlock();
    const withItem = (item: Record<string, unknown>) => ({
      ...plan,
      cancellationplanorderitem_set: [{ ...plan.cancellationplanorderitem_set[0], order_item: { ...plan.cancellationplanorderitem_set[0].order_item, ...item } }],
    });
    // What a real Omnitron answer holds for an item not in cancellation (seed 003).
    expect(check(withItem({ cancel_status: null, shipping_company: null, datasource: null }))).toEqual([]);
    // Still an enum and still an object: a value outside them is refused.
    expect(check(withItem({ cancel_status: 'bogus' }))).not.toEqual([]);
    expect(check(withItem({ datasource: 'bogus' }))).not.toEqual([]);
  });
});
