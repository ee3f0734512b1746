/** Plausible Chinese person and organisation names for the synthetic Huzhou. */
import type { Rng } from "../../shared/seeding/random.js";

// Common surnames, with those frequent in northern Zhejiang (沈, 钱, 陆, 姚, 徐) weighted up.
const SURNAMES: readonly (readonly [string, number])[] = [
  ["王", 8],
  ["李", 7],
  ["张", 7],
  ["陈", 8],
  ["沈", 6],
  ["徐", 6],
  ["吴", 5],
  ["周", 5],
  ["钱", 4],
  ["陆", 4],
  ["姚", 4],
  ["朱", 4],
  ["杨", 4],
  ["刘", 4],
  ["黄", 3],
  ["赵", 3],
  ["孙", 3],
  ["胡", 3],
  ["潘", 3],
  ["费", 2],
  ["施", 2],
  ["蒋", 2],
  ["顾", 2],
  ["金", 2],
  ["俞", 2],
  ["章", 2],
  ["邱", 2],
  ["严", 2],
  ["方", 2],
  ["叶", 2],
  ["郑", 2],
  ["许", 2],
  ["何", 2],
  ["高", 2],
  ["林", 2],
  ["范", 1],
  ["汪", 1],
  ["丁", 1],
  ["宋", 1],
  ["韩", 1],
  ["欧阳", 1],
  ["司马", 1],
];
const GIVEN =
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚英华玉萍红建文辉鹏宇浩凯晨欣怡婷雪琳晓俊帆佳嘉子梓涵诺轩然雨思睿博天宏志国海春晖健林峰斌波兰梅琴慧颖倩洁莉";
const BRAND = "恒泰华盛鑫源宏达兴隆丰瑞祥鼎诚信德安康美嘉顺利通和远创新翔博明宇天正金绿竹湖溪山";

/** Industries with their typical name stems, tuned to Huzhou's economy. */
export const INDUSTRIES = [
  { name: "纺织服装", stems: ["童装", "纺织", "服饰"], weight: 6 },
  { name: "竹木制品", stems: ["竹业", "竹木制品", "家居"], weight: 3 },
  { name: "新能源", stems: ["新能源科技", "电池", "储能科技"], weight: 3 },
  { name: "地理信息", stems: ["地理信息", "测绘科技"], weight: 1 },
  { name: "木地板", stems: ["木业", "地板"], weight: 2 },
  { name: "生物医药", stems: ["生物科技", "医药"], weight: 1 },
  { name: "建材", stems: ["建材", "水泥制品", "新型材料"], weight: 2 },
  { name: "物流运输", stems: ["物流", "运输"], weight: 2 },
  { name: "餐饮", stems: ["餐饮管理", "食品"], weight: 3 },
  { name: "旅游民宿", stems: ["旅游开发", "民宿"], weight: 2 },
  { name: "茶叶种植", stems: ["白茶", "茶业"], weight: 2 },
  { name: "电子商务", stems: ["电子商务", "网络科技"], weight: 2 },
  { name: "机械制造", stems: ["机械", "精密制造"], weight: 3 },
] as const;

export function generatePersonName(rng: Rng): string {
  const surname = rng.weighted(SURNAMES);
  const given = rng.pick([...GIVEN]) + (rng.chance(0.7) ? rng.pick([...GIVEN]) : "");
  return surname + given;
}

export function generateOrganizationName(rng: Rng, orgType: string, districtName: string, stem: string, index: number): string {
  const brand = rng.pick([...BRAND]) + rng.pick([...BRAND]);
  switch (orgType) {
    case "INDIVIDUAL_BUSINESS":
      return `${districtName}${brand}${stem}${rng.pick(["店", "经营部", "商行"])}`;
    case "FARMERS_COOPERATIVE":
      return `${districtName}${brand}${rng.pick(["白茶", "湖羊", "蔬果", "水产"])}专业合作社`;
    case "PUBLIC_INSTITUTION":
      return `湖州市${districtName}${rng.pick(["第", "城东", "城西"])}${(index % 9) + 1}${rng.pick(["中学", "小学", "卫生院", "幼儿园"])}`;
    case "SOCIAL_ORGANIZATION":
      return `湖州市${brand}${rng.pick(["行业协会", "志愿者协会", "商会"])}`;
    default:
      return `${rng.chance(0.5) ? "湖州" : districtName}${brand}${stem}有限公司`;
  }
}
