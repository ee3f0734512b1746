/**
 * Administrative division codes (GB/T 2260) the platform knows. Huzhou's county-level codes come
 * from domain.md §6; 南太湖新区 has no code of its own: it is the directory's separate functional-zone
 * attribute (FunctionalZone in subgraphs/credit/directory/subject.type.ts).
 */

/** Huzhou's five county-level districts; the directory's `district` is one of these. */
export const HUZHOU_DISTRICTS = [
  { code: "330502", name: "吴兴区", key: "WUXING" },
  { code: "330503", name: "南浔区", key: "NANXUN" },
  { code: "330521", name: "德清县", key: "DEQING" },
  { code: "330522", name: "长兴县", key: "CHANGXING" },
  { code: "330523", name: "安吉县", key: "ANJI" },
] as const;

/** A district's key, e.g. `ANJI`: the directory's `district` value. */
export type DistrictKey = (typeof HUZHOU_DISTRICTS)[number]["key"];

/** Huzhou's functional zones: not administrative divisions (no GB/T 2260 code), a separate attribute of a subject. */
export const FUNCTIONAL_ZONES = {
  SOUTH_TAIHU_NEW_AREA: "南太湖新区",
  HUZHOU_DEVELOPMENT_ZONE: "湖州经济技术开发区",
  TAIHU_RESORT: "太湖旅游度假区",
} as const;
export type FunctionalZoneKey = keyof typeof FUNCTIONAL_ZONES;

/** Every Huzhou code an ID may carry: the city (330500), its old 市辖区 (330501), the districts. */
export const HUZHOU_DIVISIONS: ReadonlySet<string> = new Set(["330500", "330501", ...HUZHOU_DISTRICTS.map((d) => d.code)]);

/** First two digits of GB/T 2260 codes: the 31 mainland provinces plus 71 台湾, 81 香港, 82 澳门. */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  "11",
  "12",
  "13",
  "14",
  "15",
  "21",
  "22",
  "23",
  "31",
  "32",
  "33",
  "34",
  "35",
  "36",
  "37",
  "41",
  "42",
  "43",
  "44",
  "45",
  "46",
  "50",
  "51",
  "52",
  "53",
  "54",
  "61",
  "62",
  "63",
  "64",
  "65",
  "71",
  "81",
  "82",
]);
