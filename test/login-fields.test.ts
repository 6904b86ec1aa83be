import { beforeAll, describe, expect, it } from 'vitest';
import { createTestMock, json, TOKEN, type TestMock } from './support/test-mock.ts';

/**
 * Login reads its body as DRF authtoken's `AuthTokenSerializer` does: `username` a `CharField`
 * (stripped), `password` a `CharField(trim_whitespace=False)`, the data a dict.
 */

let mock: TestMock;
beforeAll(async () => {
  mock = await createTestMock({ size: 5 });
});

const login = async (body: unknown) => {
  const res = await mock.request('/api/v1/auth/login/', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await json(res) };
};

describe('login fields', () => {
  it('strips the username as a CharField does: " akinon " logs in', async () => {
    const res = await login({ username: ` ${mock.config.username}\t`, password: mock.config.password });
    expect(res).toEqual({ status: 200, body: { key: TOKEN } });
  });

  it('keeps the password as sent: a space before it is a wrong password', async () => {
    const res = await login({ username: mock.config.username, password: ` ${mock.config.password}` });
    expect(res).toEqual({ status: 400, body: { non_field_errors: ['Unable to log in with provided credentials.'] } });
  });

  it.each([
    ['null values', { username: null, password: null }, { username: ['This field may not be null.'], password: ['This field may not be null.'] }],
    ['a username of spaces', { username: '   ', password: 'x' }, { username: ['This field may not be blank.'] }],
    ['a list body', [], { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }],
    ['a JSON null body', null, { non_field_errors: ['No data provided'] }],
    ['a bool', { username: true, password: 'x' }, { username: ['Not a valid string.'] }],
  ])('answers %s as DRF does', async (_, body, errors) => {
    expect(await login(body)).toEqual({ status: 400, body: errors });
  });
});
