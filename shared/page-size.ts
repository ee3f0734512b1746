/** Page sizes of every paged list (no decorators here: the gateway imports this without type-graphql). */
import { isPlatformService } from "./caller.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/**
 * The largest page a platform service (`service:<name>`, signed with the gateway secret) may ask
 * for: the population snapshot reads the directory 2,000 subjects at a time. Ours.
 */
export const SERVICE_MAX_PAGE_SIZE = 5000;

/** The largest page a caller may ask for. */
export const maxPageSizeOf = (caller: { sub: string } | undefined): number => (isPlatformService(caller) ? SERVICE_MAX_PAGE_SIZE : MAX_PAGE_SIZE);
