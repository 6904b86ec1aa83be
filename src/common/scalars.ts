/**
 * The two value formats every room shares: a decimal as Omnitron's DRF `DecimalField` writes it, and
 * a date-time as the mock stores it (`common/dates.ts` writes that shape).
 */

/** A decimal amount as Omnitron serializes it: `"13.49"`. */
export type Decimal = string;
/** An ISO 8601 UTC date-time with microseconds: `"2023-02-08T14:40:25.692898Z"`. */
export type IsoDateTime = string;
