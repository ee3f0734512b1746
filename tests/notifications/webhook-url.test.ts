/** Which webhooks an organisation may register: never one that points the worker at the platform's own network in production. */
import "reflect-metadata";
import { describe, expect, it } from "vitest";
import { webhookProblem } from "../../subgraphs/credit/notices/notice.resolver.js";

describe("registerNoticeContact's webhookUrl", () => {
  it("in production: https to a host name only", () => {
    expect(webhookProblem("https://hooks.example-firm.cn/xinyi", true)).toBeUndefined();
    for (const url of ["http://hooks.example-firm.cn/x", "https://10.0.0.5/x", "https://[::1]/x", "https://localhost/x", "https://127.0.0.1:4001/graphql"])
      expect(webhookProblem(url, true), url).toMatch(/host name/);
  });
  it("elsewhere: http to this machine too (a receiver beside the platform), never credentials", () => {
    expect(webhookProblem("http://127.0.0.1:9000/hook", false)).toBeUndefined();
    expect(webhookProblem("http://hooks.example-firm.cn/x", false)).toMatch(/https/);
    expect(webhookProblem("https://user:pw@hooks.example-firm.cn/x", false)).toMatch(/credentials/);
  });
});
