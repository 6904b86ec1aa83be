import { expect, it } from 'vitest';
import { createMock } from 'omnitron-mock';
import { WIDGETS } from './support/engine-fixture.ts';

const AUTH = { Authorization: 'Token omnitron-mock-token', 'Content-Type': 'application/json' };

it('createMock serves a document of your own beside the package\'s with spec, as serve --spec does', async () => {
  const mock = await createMock({ size: 20, spec: [WIDGETS] });
  try {
    const created = await mock.fetch('/api/v1/widgets/', {
      method: 'POST', headers: AUTH, body: JSON.stringify({ name: 'Vida', status: 'active', priority: 2, channel: 1 }),
    });
    expect(created.status).toBe(201);
    const widget = (await created.json()) as { pk: number; name: string };
    const again = await mock.fetch(`/api/v1/widgets/${widget.pk}/`, { headers: AUTH });
    expect(await again.json()).toMatchObject({ pk: widget.pk, name: 'Vida' });
    // The cancellation family is still there.
    expect((await mock.fetch('/api/v1/cancellation_plans/?limit=1', { headers: AUTH })).status).toBe(200);
    expect(((await (await mock.fetch('/__mock/health')).json()) as { operations: { engine: number } }).operations.engine).toBeGreaterThan(12);
  } finally {
    mock.close();
  }
});
