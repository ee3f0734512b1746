/** Aggregated, non-personal figures of the directory for dashboards (`metrics:read`). */
import { Field, Int, ObjectType } from "type-graphql";
import { District } from "../directory/subject.type.js";

@ObjectType({ description: "Subjects of one district, by kind." })
export class DistrictCount {
  @Field(() => District, { description: "The district." })
  district!: District;

  @Field(() => Int, { description: "Organisations registered in it." })
  organizations!: number;

  @Field(() => Int, { description: "Persons registered in it." })
  persons!: number;
}

@ObjectType({ description: "Directory totals (信用主体统计): no subject is identifiable from them." })
export class DirectoryStatistics {
  @Field(() => Int, { description: "Subjects in the directory." })
  subjects!: number;

  @Field(() => [DistrictCount], { description: "Subjects per district." })
  byDistrict!: DistrictCount[];

  @Field(() => Int, { description: "Subjects with an active black-list entry (黑名单)." })
  blackListed!: number;

  @Field(() => Int, { description: "Subjects with an active red-list entry (红名单)." })
  redListed!: number;
}
