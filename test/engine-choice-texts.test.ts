import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTH, createTestMock, json, type TestMock } from './support/test-mock.ts';

/**
 * DRF's `ChoiceField` takes `data` when `str(data)` is among `str(choice)` of its choices
 * (`choice_strings_to_values`), both Python's text: a float choice `1.0` is `"1.0"` (YAML's
 * `1.0` is `1` to JavaScript), and `True` is `"True"`. The bodies are sent as written.
 */
const RATES = '/api/v1/rates/';

function ratesDocument(): string {
  const text = `openapi: 3.0.3
info: {title: Engine fixture — number and boolean choices, version: 1.0.0}
security:
  - Token: []
paths:
  ${RATES}:
    post:
      operationId: createRate
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Rate'}
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Rate'}
components:
  securitySchemes:
    Token: {type: apiKey, in: header, name: Authorization}
  schemas:
    Rate:
      type: object
      required: [id, label]
      properties:
        id: {type: integer, readOnly: true}
        label: {type: string, maxLength: 20}
        rate: {type: number, enum: [1.0, 2.5]}
        sealed: {type: boolean, enum: [true, false]}
`;
  const file = join(mkdtempSync(join(tmpdir(), 'engine-choice-texts-')), 'rates.openapi.yaml');
  writeFileSync(file, text);
  return file;
}

const post = (mock: TestMock, text: string) => mock.request(RATES, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'application/json' }, body: text });

describe('engine: a choice is matched by Python\'s text of it', () => {
  it('takes 1.0 for a float choice 1.0 and refuses 1, whose text is "1"', async () => {
    const mock = await createTestMock({ spec: [ratesDocument()] });
    const taken = await post(mock, '{"label": "x", "rate": 1.0}');
    expect(taken.status).toBe(201);
    expect((await json(taken)).rate).toBe(1);
    const refused = await post(mock, '{"label": "x", "rate": 1}');
    expect(refused.status).toBe(400);
    expect(await json(refused)).toEqual({ rate: ['"1" is not a valid choice.'] });
    expect((await post(mock, '{"label": "x", "rate": 2.5}')).status).toBe(201);
    expect((await post(mock, '{"label": "x", "rate": "1.0"}')).status).toBe(201);
  });

  it('takes true and false for boolean choices and refuses the text "true"', async () => {
    const mock = await createTestMock({ spec: [ratesDocument()] });
    const taken = await post(mock, '{"label": "x", "sealed": true}');
    expect(taken.status).toBe(201);
    expect((await json(taken)).sealed).toBe(true);
    expect((await json(await post(mock, '{"label": "x", "sealed": false}'))).sealed).toBe(false);
    expect((await json(await post(mock, '{"label": "x", "sealed": "True"}'))).sealed).toBe(true);
    const refused = await post(mock, '{"label": "x", "sealed": "true"}');
    expect(refused.status).toBe(400);
    expect(await json(refused)).toEqual({ sealed: ['"true" is not a valid choice.'] });
  });
});
