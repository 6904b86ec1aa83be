import { DATE_LOOKUPS, type FilterDef } from '../shared/filter-engine.ts';
import type { RequestImage } from './request-images.ts';

/** The image feeds' filters: by request and uploader (the vendor's page), and "since the last sync" by date (inferred). */
export function imageFilters(): FilterDef<RequestImage>[] {
  return [
    { name: 'cancellation_request', kind: 'int', value: (i) => i.cancellation_request },
    // The vendor's page names it ("Filter by user who uploaded the image"); no seeded image has one.
    { name: 'uploaded_by', kind: 'int', value: (i) => i.uploaded_by },
    { name: 'created_date', kind: 'datetime', lookups: DATE_LOOKUPS, value: (i) => i.created_date },
    { name: 'modified_date', kind: 'datetime', lookups: DATE_LOOKUPS, value: (i) => i.modified_date },
  ];
}
