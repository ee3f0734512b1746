/**
 * Cursor pagination shared by every list root field: `first` / `after`, opaque cursors,
 * `pageInfo { endCursor hasNextPage }` and `totalCount`.
 *
 * A cursor is the page position encrypted and authenticated (AES-256-GCM, a key derived from the
 * gateway secret, the list's name as associated data): it reveals nothing — not a person's ID
 * number used as a sort key — and a cursor that was altered, forged or made for another list is
 * refused with BAD_USER_INPUT.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import { type ClassType, Directive, Field, Int, ObjectType } from "type-graphql";
import { createError, ErrorCodes } from "./errors.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, maxPageSizeOf } from "./page-size.js";

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };

@Directive("@shareable")
@ObjectType({ description: "Where a page of a list ends and whether more follows." })
export class PageInfo {
  @Field(() => String, { nullable: true, description: "Opaque cursor of the last node of this page; pass it as `after` for the next page." })
  endCursor!: string | null;

  @Field(() => Boolean, { description: "Whether another page follows this one." })
  hasNextPage!: boolean;
}

/** A page of a list as every list root field answers it: `nodes`, `pageInfo`, `totalCount`. */
export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/**
 * The connection type of a list of `node` (named `<node>Connection`, e.g. `SubjectConnection`,
 * unless `text.name` says otherwise): its description ("A page of …"), its nodes' and its total's.
 * One shape for every list of the platform; a resolver answers it as a {@link Page}.
 */
export function connectionOf<T extends object>(
  node: ClassType<T>,
  text: { name?: string; description: string; nodes: string; totalCount: string },
): ClassType<Page<T>> {
  @ObjectType(text.name ?? `${node.name}Connection`, { description: text.description })
  class Connection implements Page<T> {
    @Field(() => [node], { description: text.nodes })
    nodes!: T[];

    @Field(() => PageInfo, { description: "Where this page ends." })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: text.totalCount })
    totalCount!: number;
  }
  return Connection;
}

/**
 * A page of `rows`, fetched with one row more than `limit` so that whether another page follows is
 * known: its first `limit` rows, and where it ends (`encode` makes the opaque cursor of its last row).
 */
export function pageOf<Row>(rows: readonly Row[], limit: number, encode: (last: Row) => string): { rows: Row[]; pageInfo: PageInfo } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, pageInfo: { endCursor: last === undefined ? null : encode(last), hasNextPage: rows.length > limit } };
}

/** Encrypts and decrypts the positions of one subgraph's lists. */
export interface CursorCodec {
  /** The opaque cursor of `key` in `list`. */
  encode(list: string, key: string): string;
  /** The key inside a cursor of `list`, or a BAD_USER_INPUT error. */
  decode(list: string, cursor: string): string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A cursor codec keyed by `secret` (the gateway secret every subgraph holds). */
export function createCursorCodec(secret: string): CursorCodec {
  const key = Buffer.from(hkdfSync("sha256", secret, "xinyi", "pagination cursor v1", 32));
  return {
    encode(list, position) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(Buffer.from(list));
      const body = Buffer.concat([cipher.update(position, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
    },
    decode(list, cursor) {
      const bytes = /^[A-Za-z0-9_-]{1,512}$/.test(cursor) ? Buffer.from(cursor, "base64url") : Buffer.alloc(0);
      try {
        if (bytes.length <= IV_BYTES + TAG_BYTES) throw new Error("short");
        const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES)).setAAD(Buffer.from(list));
        decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
      } catch {
        throw createError(ErrorCodes.BAD_USER_INPUT, "Invalid cursor: pass `pageInfo.endCursor` of this list unchanged");
      }
    },
  };
}

/** Validates `first`, returning the page size (a platform service may ask for larger pages, page-size.ts). */
export function checkPageSize(first: number | undefined | null, caller?: { sub: string }): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  const max = maxPageSizeOf(caller);
  if (!Number.isInteger(size) || size < 0 || size > max) {
    throw createError(ErrorCodes.BAD_USER_INPUT, `first must be an integer from 0 to ${max}, got ${first}`);
  }
  return size;
}

/**
 * Whether the client selected `field` directly under the field being resolved (through fragments
 * too), e.g. `totalCount`: a `COUNT(*)` runs only when someone reads it.
 */
export function selectsField(info: GraphQLResolveInfo, field: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((s) =>
      s.kind === Kind.FIELD
        ? s.name.value === field
        : s.kind === Kind.INLINE_FRAGMENT
          ? visit(s.selectionSet)
          : visit(info.fragments[s.name.value]?.selectionSet),
    );
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
