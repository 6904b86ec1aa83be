import { DATE_LOOKUPS, type FilterDef } from '../shared/filter-engine.ts';
import type { RequestImage } from './request-images.ts';

/** The image feeds' filters (inferred): by request, and "since the last sync" by date. */
export function imageFilters(): FilterDef<RequestImage>[] {
  return [
    { name: 'cancellation_request', kind: 'int', value: (i) => i.cancellation_request },
    { name: 'created_date', kind: 'datetime', lookups: DATE_LOOKUPS, value: (i) => i.created_date },
    { name: 'modified_date', kind: 'datetime', lookups: DATE_LOOKUPS, value: (i) => i.modified_date },
  ];
}
