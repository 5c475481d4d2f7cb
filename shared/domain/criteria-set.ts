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

/**
 * A level a commune is recognised at, above the basic standard (`Mức đạt`, from the 2021-2025 set
 * on): `ntm`, `nang_cao` (advanced), `kieu_mau` (model). The label is what staff type.
 */
export interface RecognitionLevel {
  id: string;
  label: string;
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
  /** Recognition levels the set defines; absent when the set has none (2016-2020). */
  levels?: RecognitionLevel[];
}
