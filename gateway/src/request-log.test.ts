/**
 * The gateway's request log keeps no person ID number in full: a GET /graphql carries its
 * variables in the URL, and the public pages (/merchant/<USCC>, /verify/<number>) take whatever a
 * visitor typed. Through Fastify's real logger, with the gateway's options.
 */
import Fastify from "fastify";
import { expect, it } from "vitest";
import { computePersonCheck } from "../../shared/ids.js";
import { maskIdNumber } from "../../shared/masking.js";
import { loggerOptions } from "./http-shell.js";

it("logs each request's URL with person ID numbers masked, organisations' codes kept", async () => {
  const lines: string[] = [];
  const app = Fastify({ logger: loggerOptions("info", { write: (line: string) => void lines.push(line) }) });
  app.get("/*", async () => "ok");
  const person = `33050219900307123${computePersonCheck("33050219900307123")}`;
  const firm = "91330502066812116G";
  const variables = encodeURIComponent(JSON.stringify({ id: person, firm }));
  for (const url of [`/merchant/${person}`, `/graphql?query=%7Bx%7D&variables=${variables}`, `/verify/${person.toLowerCase()}`])
    await app.inject({ method: "GET", url });
  await app.close();
  const log = lines.join("");
  expect(log).toContain(`/merchant/${maskIdNumber(person)}`);
  expect(log).toContain(firm);
  expect(log).not.toContain(person);
  expect(log).not.toContain(person.slice(6, 14)); // the birth date, however the ID was written
});
