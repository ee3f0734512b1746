/** The shipped incentive catalogue plus test offers open to the kinds named (no quota, no cap, 1–1,000 yuan), in a temporary file. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_CATALOGUE_FILE } from "../../subgraphs/incentives/catalogue.js";

export function catalogueWith(offers: { id: string; kind: string; subjectKinds: string[] }[]): string {
  const catalogue = JSON.parse(fs.readFileSync(DEFAULT_CATALOGUE_FILE, "utf8"));
  for (const { id, kind, subjectKinds } of offers)
    catalogue.offers.push({
      id,
      scenario: "ZU",
      name: id,
      en: id,
      benefit: "测试",
      kind,
      valueFen: 100_000,
      quota: null,
      perSubject: null,
      amountFen: { min: 100, max: 100_000 },
      rules: { subjectKinds, requiredLists: [], excludedLists: [], facts: [], consent: true },
    });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "xinyi-catalogue-")), "catalogue.json");
  fs.writeFileSync(file, JSON.stringify(catalogue));
  return file;
}
