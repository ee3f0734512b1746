/**
 * URLs built for a person use the configured public origin (XINYI_PUBLIC_URL), never the Host (or
 * X-Forwarded-Host) a request carried: a special credit report's verifyUrl, the URL in its HTML and
 * its QR code, the verification page's upload command. The variable itself must be an http(s) origin.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../shared/config.js";
import { ANALYST, startFederation, TEST_SECRET, type Federation } from "../../testing/federation.js";

const PUBLIC = "https://credit.example.gov.cn";
const ISSUE = `mutation($id: ID!) { issueCreditReport(subjectId: $id, purpose: "投标") { number html verifyUrl } }`;
const HOSTS = ["evil.example", "127.0.0.1:1", "credit.example.gov.cn.evil.example", "attacker.example:443"];

let fed: Federation;
let org: string;

beforeAll(async () => {
  fed = await startFederation({ subjects: 40, env: { XINYI_PUBLIC_URL: `${PUBLIC}/` } });
  const page = await fed.query(`{ subjects(first: 1, filter: { kind: ORGANIZATION }) { nodes { id } } }`, {}, ANALYST);
  org = page.body.data.subjects.nodes[0].id;
}, 180_000);
afterAll(async () => fed?.close());

describe("XINYI_PUBLIC_URL", () => {
  it.each(HOSTS)("a report's verifyUrl, its HTML and the verification page use it whatever Host the request carried (%s)", async (host) => {
    const headers = { host, "x-forwarded-host": host, "x-forwarded-proto": "http", forwarded: `host=${host}` };
    const { body } = await fed.query(ISSUE, { id: org }, { sub: `issuer-${host}`, scopes: ["report:issue"], headers });
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const report = body.data.issueCreditReport;
    expect(report.verifyUrl).toBe(`${PUBLIC}/verify/${report.number}`);
    expect(report.html).toContain(`核验：${PUBLIC}/verify/${report.number}`);
    expect(report.html).not.toContain(host);
    expect(report.html).not.toContain(new URL(fed.gatewayUrl).host);
    const verification = await fetch(`${new URL(fed.gatewayUrl).origin}/verify/${report.number}`, { headers });
    const html = await verification.text();
    expect(html).toContain(`${PUBLIC}/verify/${report.number}`);
    expect(html).not.toContain(host);
  });

  it("defaults to the gateway's own origin and must be an http(s) origin, nothing more", () => {
    const base = { XINYI_GATEWAY_SECRET: TEST_SECRET, XINYI_GATEWAY_URL: "http://10.0.0.5:4100/graphql" };
    expect(loadConfig(base).publicUrl).toBe("http://10.0.0.5:4100");
    expect(loadConfig({ ...base, XINYI_PUBLIC_URL: "HTTPS://Credit.Example.gov.cn:443" }).publicUrl).toBe(PUBLIC);
    for (const bad of [
      "credit.example.gov.cn",
      "ftp://credit.example.gov.cn",
      "javascript:alert(1)",
      `${PUBLIC}/app`,
      `${PUBLIC}?x=1`,
      `${PUBLIC}#x`,
      "https://u:p@credit.example.gov.cn",
    ]) {
      expect(() => loadConfig({ ...base, XINYI_PUBLIC_URL: bad }), bad).toThrow(/XINYI_PUBLIC_URL must be an http\(s\) origin/);
    }
  });
});
