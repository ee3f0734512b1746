/**
 * Cursor pagination shared by every list root field: `first` / `after`, opaque cursors,
 * `pageInfo { endCursor hasNextPage }` and `totalCount`.
 */
import { Directive, Field, ObjectType } from "type-graphql";
import { createError, ErrorCodes } from "./errors.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@Directive("@shareable")
@ObjectType({ description: "Where a page of a list ends and whether more follows." })
export class PageInfo {
  @Field(() => String, { nullable: true, description: "Cursor of the last node of this page; pass it as `after` for the next page." })
  endCursor!: string | null;

  @Field(() => Boolean, { description: "Whether another page follows this one." })
  hasNextPage!: boolean;
}

/** Opaque cursor for a sort key. */
export const encodeCursor = (key: string): string => Buffer.from(`k:${key}`).toString("base64url");

/** The sort key of a cursor, or a `BAD_USER_INPUT` error. */
export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith("k:")) throw createError(ErrorCodes.BAD_USER_INPUT, `Invalid cursor "${cursor}"`);
  return text.slice(2);
}

/** Validates `first`, returning the page size. */
export function checkPageSize(first: number | undefined | null): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw createError(ErrorCodes.BAD_USER_INPUT, `first must be an integer from 0 to ${MAX_PAGE_SIZE}, got ${first}`);
  }
  return size;
}
