/** Huzhou's districts and counties as the API names them (shared/divisions.ts); i18n.ts labels each. */
export const DISTRICT_KEYS = ["WUXING", "NANXUN", "DEQING", "CHANGXING", "ANJI"] as const;

export type DistrictKey = (typeof DISTRICT_KEYS)[number];
