/** The subject directory's GraphQL types (市信用办 owns `Subject`). Fields only, no logic. */
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import type { OrgType } from "../../shared/ids.js";
import { READ_DIRECTORY } from "../../shared/scopes.js";
import { PageInfo } from "../../shared/pagination.js";
import { DateScalar } from "../../shared/scalars.js";

export enum SubjectKind {
  ORGANIZATION = "ORGANIZATION",
  PERSON = "PERSON",
}
registerEnumType(SubjectKind, {
  name: "SubjectKind",
  description: "Whether a subject is an organisation (identified by its 统一社会信用代码) or a person (居民身份证号码).",
});

export enum OrganizationType {
  GOVERNMENT_BODY = "GOVERNMENT_BODY",
  PUBLIC_INSTITUTION = "PUBLIC_INSTITUTION",
  MASS_ORGANIZATION = "MASS_ORGANIZATION",
  SOCIAL_ORGANIZATION = "SOCIAL_ORGANIZATION",
  PRIVATE_NON_ENTERPRISE = "PRIVATE_NON_ENTERPRISE",
  FOUNDATION = "FOUNDATION",
  ENTERPRISE = "ENTERPRISE",
  INDIVIDUAL_BUSINESS = "INDIVIDUAL_BUSINESS",
  FARMERS_COOPERATIVE = "FARMERS_COOPERATIVE",
  OTHER = "OTHER",
}
registerEnumType(OrganizationType, {
  name: "OrganizationType",
  description: "Organisation subtype from the USCC's 1st and 2nd characters (GB 32100-2015).",
  valuesConfig: {
    GOVERNMENT_BODY: { description: "机关 (11)" },
    PUBLIC_INSTITUTION: { description: "事业单位 (12)" },
    MASS_ORGANIZATION: { description: "群团组织 (13)" },
    SOCIAL_ORGANIZATION: { description: "社会团体 (51)" },
    PRIVATE_NON_ENTERPRISE: { description: "民办非企业单位 (52)" },
    FOUNDATION: { description: "基金会 (53)" },
    ENTERPRISE: { description: "企业 (91)" },
    INDIVIDUAL_BUSINESS: { description: "个体工商户 (92)" },
    FARMERS_COOPERATIVE: { description: "农民专业合作社 (93)" },
    OTHER: { description: "其他 (any other department/type pair)" },
  },
});

export enum District {
  WUXING = "WUXING",
  NANXUN = "NANXUN",
  DEQING = "DEQING",
  CHANGXING = "CHANGXING",
  ANJI = "ANJI",
}
registerEnumType(District, {
  name: "District",
  description: "Huzhou's five county-level districts (GB/T 2260).",
  valuesConfig: {
    WUXING: { description: "吴兴区 330502" },
    NANXUN: { description: "南浔区 330503" },
    DEQING: { description: "德清县 330521" },
    CHANGXING: { description: "长兴县 330522" },
    ANJI: { description: "安吉县 330523" },
  },
});

export enum FunctionalZone {
  SOUTH_TAIHU_NEW_AREA = "SOUTH_TAIHU_NEW_AREA",
  HUZHOU_DEVELOPMENT_ZONE = "HUZHOU_DEVELOPMENT_ZONE",
  TAIHU_RESORT = "TAIHU_RESORT",
}
registerEnumType(FunctionalZone, {
  name: "FunctionalZone",
  description: "Functional zone a subject belongs to; not an administrative division (domain.md: 南太湖新区 has no GB/T 2260 code).",
  valuesConfig: {
    SOUTH_TAIHU_NEW_AREA: { description: "南太湖新区" },
    HUZHOU_DEVELOPMENT_ZONE: { description: "湖州经济技术开发区" },
    TAIHU_RESORT: { description: "太湖旅游度假区" },
  },
});

@Directive('@key(fields: "id")')
@ObjectType({ description: "A credit subject (信用主体): an organisation or a person, with records from every department." })
export class Subject {
  @Field(() => ID, { description: "统一社会信用代码 (organisations) or 居民身份证号码 (persons), 18 characters." })
  id!: string;

  @Directive(READ_DIRECTORY)
  @Field(() => SubjectKind, { description: "Organisation or person." })
  kind!: SubjectKind;

  @Directive(READ_DIRECTORY)
  @Field(() => OrganizationType, { nullable: true, description: "Organisation subtype (机构类别); null for persons." })
  organizationType!: OrgType | null;

  @Directive(READ_DIRECTORY)
  @Field(() => String, { description: "Registered name (名称) of an organisation, or a person's name (姓名), masked 张*三 unless the caller holds pii:read." })
  name!: string;

  @Directive(READ_DIRECTORY)
  @Field(() => District, { description: "County-level district (区县) of registration or residence." })
  district!: District;

  @Directive(READ_DIRECTORY)
  @Field(() => FunctionalZone, { nullable: true, description: "Functional zone (功能区), when the subject lies in one." })
  functionalZone!: FunctionalZone | null;

  @Directive(READ_DIRECTORY)
  @Field(() => String, { nullable: true, description: "Industry (行业) of an organisation; null for persons." })
  industry!: string | null;

  @Directive(READ_DIRECTORY)
  @Field(() => DateScalar, { description: "Date the subject entered the directory: establishment for organisations (成立日期), registration for persons." })
  registeredOn!: string;

  @Directive(READ_DIRECTORY)
  @Field(() => String, { nullable: true, description: "Contact phone (联系电话); masked 138****1234 for a person unless the caller holds pii:read." })
  phone!: string | null;
}

@ObjectType({ description: "A page of subjects." })
export class SubjectConnection {
  @Field(() => [Subject], { description: "The subjects of this page, ordered by id." })
  nodes!: Subject[];

  @Field(() => PageInfo, { description: "Where this page ends." })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: "Number of subjects matching the filter, over all pages." })
  totalCount!: number;
}

@InputType({ description: "Which subjects to list; all conditions must hold." })
export class SubjectFilter {
  @Field(() => SubjectKind, { nullable: true, description: "Only organisations or only persons." })
  kind?: SubjectKind;

  @Field(() => District, { nullable: true, description: "Only this district." })
  district?: District;

  @Field(() => String, {
    nullable: true,
    description: "Only subjects whose name starts with this text (1–50 characters). Without pii:read only organisations match: persons' names are personal data.",
  })
  namePrefix?: string;
}
