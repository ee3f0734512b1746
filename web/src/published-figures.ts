/**
 * The 2024 article's published figures (seed 003_3aeb2ca00b8dbf9f.txt, 《湖州：创新机制“诚”服务 厚植
 * 兴业“信”沃土》), as data: each its exact words, its date and its scope as the article gives them
 * (or, where it gives none, what can be said and that it is not given), and the fields of ours
 * counted with the same definition (the API's descriptions say how). The dashboard prints them
 * beside its panels; tests/incentives/figures.test.ts checks each field of ours against the ledger
 * and the credit office's rows.
 */

export interface PublishedFigure {
  /** The dashboard panel it stands beside. */
  panel: string;
  /** The article's words, verbatim. */
  wording: string;
  /** The date or period it counts, in Chinese; "未注明" where the article gives none. */
  asOf: string;
  /** What it counts, in Chinese. */
  scope: string;
  /** `ProgrammeMetrics` fields of ours counted the same way, shown as the panel's figure. */
  ours: readonly string[];
  /** The calendar year it counts, where it counts one (ours is shown for that year too, zero or not). */
  year?: string;
}

export const ARTICLE = "《湖州：创新机制“诚”服务 厚植兴业“信”沃土》（2024年）";

export const PUBLISHED_FIGURES: readonly PublishedFigure[] = [
  {
    panel: "codeUsers",
    wording: "现有注册用户30余万人",
    asOf: "“现有”，文中未注明日期（2024年刊发）",
    scope: "个人诚信码当前注册用户（人），不含已注销",
    ours: ["registeredPersons"],
  },
  {
    panel: "benefitUses",
    wording: "截至目前，普惠人数约5万余人次",
    asOf: "自2021年3月上线至文章刊发（“截至目前”，2024年）累计",
    scope: "个人诚信码持有人享受信易贷、信易行、信易购等守信激励的人次（仅个人）",
    ours: ["personBenefitUses"],
  },
  {
    panel: "amountWaived",
    wording: "减免费用达600万元",
    asOf: "自2021年3月上线至文章刊发（“截至目前”，2024年）累计",
    scope: "个人诚信码持有人获得的费用减免（元），不含免收的押金",
    ours: ["personFeesWaived"],
  },
  {
    panel: "coupons",
    wording: "截至2023年底，累计发放各类优惠券3.3万张，3万余人次享受优惠金额达15.61万元",
    asOf: "自2021年3月“信易行”推出至2023年底累计",
    scope: "信易行：绿码以上个人的停车、租车等优惠券",
    ours: ["couponsIssued", "couponsUsed", "couponValue"],
  },
  {
    panel: "repairs",
    wording: "服务市场主体完成信用修复7000余条",
    asOf: "文中未注明日期（2024年刊发）",
    scope: "市场主体（企业、个体工商户、农民专业合作社）完成的信用修复（条）",
    ours: ["marketSubjectRepairs"],
  },
  {
    panel: "reports",
    wording: "2023年，共为市场经营主体提供专项信用报告400余份，替代各类有无违法违规记录证明16000份",
    asOf: "2023年全年",
    scope: "市场经营主体的专项信用报告（份）及其替代的证明（每份约40个领域，各一份证明）",
    ours: ["reportsByYear"],
    year: "2023",
  },
];

/** The published figure beside a panel, as data. */
export const publishedFigure = (panel: string): PublishedFigure | undefined => PUBLISHED_FIGURES.find((f) => f.panel === panel);

/** The published figure beside a panel, as one line: the words, then date, scope and source. */
export function publishedLine(panel: string): string | undefined {
  const p = publishedFigure(panel);
  return p && `“${p.wording}”（时点：${p.asOf}；口径：${p.scope}；来源：${ARTICLE}）`;
}
