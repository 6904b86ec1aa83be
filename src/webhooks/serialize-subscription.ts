import type { Subscription } from './subscriptions.ts';

/**
 * A subscription as the API answers it: the library's `WebhookSerializer` fields in its order
 * (`id`, the declared `retry_countdown_config`, then the model's), with one deliberate change —
 * `secret_key` and a basic-auth password are masked (DOMAIN.md §1: webhook secrets never
 * appear in a page or a log). The library echoes the key back; the mock never does.
 */
export function serializeSubscription(s: Subscription): Record<string, unknown> {
  return {
    id: s.id,
    retry_countdown_config: s.retry_countdown_config,
    created_date: s.created_date,
    modified_date: s.modified_date,
    target_url: s.target_url,
    is_active: s.is_active,
    secret_key: maskSecret(s.secret_key),
    event_type: s.event_type,
    callback: null,
    additional_headers: s.additional_headers,
    config: maskConfig(s.config),
  };
}

/**
 * `********` plus the last four characters of a key long enough (12+) that four say little —
 * enough to tell two keys apart, never enough to sign with. null stays null (unsigned).
 */
export function maskSecret(secret: string | null): string | null {
  if (secret === null) return null;
  return secret.length >= 12 ? `********${secret.slice(-4)}` : '********';
}

function maskConfig(config: Record<string, unknown>): Record<string, unknown> {
  const auth = config.auth;
  if (!auth || typeof auth !== 'object' || Array.isArray(auth) || !('password' in auth))
    return config;
  return { ...config, auth: { ...(auth as object), password: '********' } };
}

/**
 * A target URL fit for a log line or the status page: no user info, no query values (either
 * may hold a key). `http://u:p@h/x?token=1` → `http://h/x?…`.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    return '(invalid URL)';
  }
}
