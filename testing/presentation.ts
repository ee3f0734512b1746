/**
 * A person's presented 个人诚信码 for tests and benches (issue 27): partners name a person only by
 * the code the 诚信码 channel issues (`issueCodePresentation`), one check and one redemption each,
 * so a caller that checks or redeems for a person registers them and asks the channel for codes,
 * as the app does, through the gateway.
 */
import { stringAt, valueAt } from "../shared/narrow.js";
import type { As, Federation } from "./federation.js";

/** One GraphQL request to the gateway as the channel; the answer's body. */
export type AskGateway = (query: string, variables: Record<string, unknown>) => Promise<{ data?: unknown; errors?: unknown[] }>;

/** The 浙里办 channel's token: `code:register`. */
export const CODE_CHANNEL: As = { sub: "test-code-channel", scopes: ["code:register"] };

const REGISTER = `mutation($id: ID!) { registerCreditCode(input: { subjectId: $id, channel: "浙里办", consents: [INCENTIVE_CHECK, INCENTIVE_REDEEM] }) { status } }`;
const ISSUE = `mutation($id: ID!) { issueCodePresentation(subjectId: $id) { token } }`;

/** The channel of a test federation. */
export const viaChannel =
  (fed: Federation): AskGateway =>
  async (query, variables) =>
    (await fed.query(query, variables, CODE_CHANNEL)).body;

/** Registers a person for partners' checks and redemptions (consents INCENTIVE_CHECK and INCENTIVE_REDEEM); one registered already stays as it is. */
export async function registerForPartners(ask: AskGateway, personId: string): Promise<void> {
  const answer = await ask(REGISTER, { id: personId });
  const codes = (answer.errors ?? []).map((e) => valueAt(e, "extensions", "code"));
  if (codes.some((code) => code !== "CONFLICT")) throw new Error(`registerCreditCode: ${JSON.stringify(answer.errors).slice(0, 300)}`);
}

/** `count` fresh presentation tokens of a registered person (each lives 5 minutes), asked 8 at a time. */
export async function presentedCodes(ask: AskGateway, personId: string, count = 1): Promise<string[]> {
  const tokens: string[] = [];
  while (tokens.length < count) {
    const batch = Math.min(8, count - tokens.length);
    const answers = await Promise.all(Array.from({ length: batch }, () => ask(ISSUE, { id: personId })));
    for (const answer of answers) {
      const token = stringAt(answer.data, "issueCodePresentation", "token");
      if (!token) throw new Error(`issueCodePresentation: ${JSON.stringify(answer.errors).slice(0, 300)}`);
      tokens.push(token);
    }
  }
  return tokens;
}

/** One fresh presentation token of a registered person. */
export const presentedCode = async (ask: AskGateway, personId: string): Promise<string> => (await presentedCodes(ask, personId, 1))[0];
