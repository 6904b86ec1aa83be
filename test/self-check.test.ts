import { describe, expect, it } from 'vitest';
import { buildMock } from '../src/build-mock.ts';
import { testConfig } from '../src/config.ts';
import { createFixedClock } from '../src/common/clock.ts';
import type { Violation } from '../src/http/self-check.ts';
import { silentLogger } from '../src/logger.ts';
import { AUTH, createTestMock, json, sharedSpecs, TEST_NOW, TOKEN } from './support/test-mock.ts';

describe('the response self-check', () => {
  it('finds an undocumented status, an undocumented media type and a body off its schema', async () => {
    const { checker } = await sharedSpecs();
    const op = 'retrieveCancellationPlan';
    expect(checker.check(op, { status: 418, contentType: 'application/json', body: {} })[0]!.message).toMatch(/418 is not documented/);
    expect(checker.check(op, { status: 404, contentType: 'text/html', body: '<h1>' })[0]!.path).toBe('content-type');
    expect(checker.check(op, { status: 404, contentType: 'application/json', body: { detail: 1 } }).length).toBeGreaterThan(0);
    expect(checker.check(op, { status: 404, contentType: 'application/json', body: { detail: 'Not found.', code: 'not_found' } })).toEqual([]);
    expect(checker.check(null, { status: 405, contentType: 'application/json', body: { detail: 'x', code: 'y' } })).toEqual([]);
    expect(checker.check(null, { status: 404, contentType: 'application/json', body: { error: 'x' } }).length).toBeGreaterThan(0);
  });

  it('judges a 204 by its body, not by the content type every server puts on it', async () => {
    const { checker } = await sharedSpecs();
    const op = 'addCancellationRequestTag';
    expect(checker.check(op, { status: 204, contentType: 'text/plain; charset=UTF-8', body: '' })).toEqual([]);
    expect(checker.check(op, { status: 204, contentType: null, body: undefined })).toEqual([]);
    expect(checker.check(op, { status: 204, contentType: 'application/json', body: { ok: true } })).toHaveLength(1);
  });

  it('does not let schema defaults leak into the checked body', async () => {
    const { checker } = await sharedSpecs();
    const body = { detail: 'Not found.', code: 'not_found' };
    checker.check('retrieveCancellationPlan', { status: 404, contentType: 'application/json', body });
    expect(body).toEqual({ detail: 'Not found.', code: 'not_found' });
  });

  it('reports a violating response, and under --strict replaces it with a 500 listing the violations', async () => {
    for (const strict of [false, true]) {
      const mock = await createTestMock({ strict, size: 5 });
      const plan = [...mock.store.plans.values()][0]!;
      (plan as any).refund_amount = 13.5; // a number where the spec promises a decimal string
      const res = await mock.app.request(`/api/v1/cancellation_plans/${plan.pk}/`, { headers: AUTH });
      expect(mock.violations).toHaveLength(1);
      expect(mock.violations[0]!.findings.map((f) => f.path).join()).toContain('refund_amount');
      if (strict) {
        expect(res.status).toBe(500);
        const body = await json(res);
        expect(body.code).toBe('mock_self_check_failed');
        expect(body.detail).toContain('refund_amount');
      } else expect(res.status).toBe(200);
    }
  });

  it('checks a kept plan text once, and reports a violating text every time it is sent', async () => {
    const { specs, checker } = await sharedSpecs();
    const calls: string[] = [];
    const counting = {
      check: (op: string | null, res: Parameters<typeof checker.check>[1]) => {
        calls.push(String(op));
        return checker.check(op, res);
      },
    };
    const violations: Violation[] = [];
    const mock = await buildMock(testConfig({ token: TOKEN, size: 5, strict: true }), {
      logger: silentLogger,
      clock: createFixedClock(TEST_NOW),
      specs,
      checker: counting,
      onViolation: (v) => violations.push(v),
    });
    const [good, bad] = [...mock.store.plans.values()];
    const path = (pk: number) => `/api/v1/cancellation_plans/${pk}/`;
    for (let i = 0; i < 3; i++) expect((await mock.app.request(path(good!.pk), { headers: AUTH })).status).toBe(200);
    expect(calls.filter((op) => op === 'retrieveCancellationPlan')).toHaveLength(1);

    // A new record (a write) is a new text: checked again, and a violation is never remembered.
    mock.store.plans.set(bad!.pk, { ...bad!, refund_amount: 13.5 as never });
    for (let i = 0; i < 2; i++) {
      const res = await mock.app.request(path(bad!.pk), { headers: AUTH });
      expect(res.status).toBe(500);
      expect((await json(res)).detail).toContain('refund_amount');
    }
    expect(violations).toHaveLength(2);
    expect(calls.filter((op) => op === 'retrieveCancellationPlan')).toHaveLength(3);
  });
});
