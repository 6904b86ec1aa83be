import { FIELD_MESSAGES, type ErrorDetail } from '../domain/errors.ts';
import { integerField, readFields, type FieldReader } from '../domain/shared/drf-fields.ts';
import { pythonTypeName } from '../domain/shared/drf-input.ts';

/**
 * How long to wait before each retry, as Omnitron's webhook library configures it per
 * subscription (`retry_countdown_config`, DOMAIN.md §5): `{"choice": …, "kwargs": {…}}`.
 * Seconds are whole numbers, as the library's kwargs serializers require.
 */
export type RetryCountdownConfig =
  | { choice: 'fixed'; kwargs: { seconds: number } }
  | { choice: 'linear'; kwargs: { base: number; limit?: number | null } }
  | { choice: 'exponential'; kwargs: { base: number; limit?: number | null } }
  | { choice: 'random'; kwargs: { min_value: number; max_value: number } };

export const COUNTDOWN_CHOICES = ['fixed', 'linear', 'exponential', 'random'] as const;

/** The default when a subscription gives none: five seconds between attempts. */
export const DEFAULT_COUNTDOWN: RetryCountdownConfig = { choice: 'fixed', kwargs: { seconds: 5 } };

/**
 * Seconds to wait before retry number `retry` (0 for the wait after the first attempt), as the
 * library's countdown classes compute it from Celery's `request.retries`: fixed `seconds`;
 * linear `base × retry`; exponential `base ** retry`; either capped at `limit` when given;
 * random a whole number from `min_value` to `max_value`, both included.
 */
export function countdownSeconds(
  config: RetryCountdownConfig,
  retry: number,
  random: () => number = Math.random,
): number {
  switch (config.choice) {
    case 'fixed':
      return config.kwargs.seconds;
    case 'linear':
      return capped(config.kwargs.base * retry, config.kwargs.limit);
    case 'exponential':
      return capped(config.kwargs.base ** retry, config.kwargs.limit);
    case 'random': {
      const { min_value: min, max_value: max } = config.kwargs;
      return min + Math.floor(random() * (max - min + 1));
    }
  }
}

function capped(value: number, limit: number | null | undefined): number {
  return limit === undefined || limit === null ? value : Math.min(value, limit);
}

const seconds = integerField(0);
const nullableSeconds: FieldReader<number | null> = (raw) =>
  raw === null ? { value: null } : seconds(raw);

/** The library's kwargs serializers: which fields each choice takes, and which are required. */
const KWARGS: Record<
  RetryCountdownConfig['choice'],
  { readers: Record<string, FieldReader<unknown>>; required: string[] }
> = {
  fixed: { readers: { seconds }, required: ['seconds'] },
  linear: { readers: { base: seconds, limit: nullableSeconds }, required: ['base'] },
  exponential: { readers: { base: seconds, limit: nullableSeconds }, required: ['base'] },
  random: {
    readers: { min_value: seconds, max_value: seconds },
    required: ['min_value', 'max_value'],
  },
};

/**
 * Reads a posted `retry_countdown_config` as the library's `RetryCountdownConfigSerializer`
 * does, answering DRF's nested errors: `{"choice": ["\"x\" is not a valid choice."]}`,
 * `{"kwargs": {"seconds": ["This field is required."]}}`,
 * `{"kwargs": {"non_field_errors": ["'max_value' must be greater than 'min_value'."]}}`.
 * Keys a kwargs serializer does not declare are dropped, as `validated_data` drops them.
 */
export function readCountdownConfig(
  raw: unknown,
): { value: RetryCountdownConfig } | { error: ErrorDetail } {
  if (raw === null) return { error: [FIELD_MESSAGES.null] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { error: { non_field_errors: [FIELD_MESSAGES.notADict(pythonTypeName(raw))] } };
  }
  const data = raw as Record<string, unknown>;
  const errors: Record<string, ErrorDetail> = {};
  const choice = data.choice;
  if (choice === undefined) errors.choice = [FIELD_MESSAGES.required];
  else if (choice === null) errors.choice = [FIELD_MESSAGES.null];
  else if (typeof choice !== 'string' && typeof choice !== 'number')
    errors.choice = [FIELD_MESSAGES.notAString];
  else if (!(COUNTDOWN_CHOICES as readonly string[]).includes(String(choice).trim())) {
    errors.choice = [FIELD_MESSAGES.invalidChoice(String(choice).trim())];
  }
  if (data.kwargs === undefined) errors.kwargs = [FIELD_MESSAGES.required];
  else if (data.kwargs === null) errors.kwargs = [FIELD_MESSAGES.null];
  if (Object.keys(errors).length > 0) return { error: errors };

  const name = (choice as string).trim() as RetryCountdownConfig['choice'];
  const kwargs = data.kwargs;
  if (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs)) {
    return {
      error: { kwargs: { non_field_errors: [FIELD_MESSAGES.notADict(pythonTypeName(kwargs))] } },
    };
  }
  const spec = KWARGS[name];
  const read = readFields(kwargs as Record<string, unknown>, spec.readers, (f) =>
    spec.required.includes(f),
  );
  if ('errors' in read) return { error: { kwargs: read.errors } };
  const values = read.values as Record<string, number | null>;
  if (name === 'random' && values.min_value! >= values.max_value!) {
    return {
      error: { kwargs: { non_field_errors: ["'max_value' must be greater than 'min_value'."] } },
    };
  }
  return { value: { choice: name, kwargs: values } as RetryCountdownConfig };
}
