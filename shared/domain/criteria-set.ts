export interface Criterion {
  no: number;
  vi: string;
  en: string;
}

export interface Bucket {
  /** Indicator suffix: `ntm.bucket.<id>`. */
  id: string;
  label: string;
  min: number;
  max: number;
}

/** A national commune criteria set. Data, never code: sets change by period. */
export interface CriteriaSet {
  id: string;
  title: string;
  legalBasis: string;
  /** First and last calendar years the set applies to (inclusive). */
  validFrom: number;
  validTo: number;
  criteria: Criterion[];
  buckets: Bucket[];
}
