/**
 * Dependencies point down and go round in no circle: the kernel (`shared/`) imports nothing of
 * the project above it; a department imports only the kernel, itself and other departments'
 * published GraphQL types (the incentives also the evaluation's scoring); the gateway only the
 * kernel; scripts may use all three; the test kit (`testing/`) and the benchmarks sit on top.
 * Test files are free. Read with the TypeScript compiler's own import scanner.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TOP = ["shared", "subgraphs", "gateway", "scripts", "testing", "bench"];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test" || entry.name === "node_modules" ? [] : sources(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

const modules = TOP.flatMap((dir) => sources(path.join(ROOT, dir))).map((file) => path.relative(ROOT, file));
const graph = new Map<string, string[]>(
  modules.map((file) => {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), "utf8"), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith("."))
      .map((spec) => path.normalize(path.join(path.dirname(file), spec.replace(/\.js$/, ".ts"))));
    return [file, targets];
  }),
);

/** Where a module may import from. */
function allowed(from: string, to: string): boolean {
  const [layer, department] = from.split(path.sep);
  const [toLayer, toDepartment] = to.split(path.sep);
  switch (layer) {
    case "shared":
      return toLayer === "shared";
    case "gateway":
      return toLayer === "shared" || toLayer === "gateway";
    case "subgraphs":
      // The registry lists every department; a department sees only the kernel and itself. Fields
      // another subgraph owns are declared with their owner's GraphQL types, so a department may
      // read other departments' published types (`*.type.ts`); the incentives apply the
      // evaluation's pure scoring (score.ts, policy.ts) to the facts they @require, nothing else.
      if (toLayer === "shared") return true;
      if (toLayer !== "subgraphs") return false;
      if (department === "registry.ts" || toDepartment === department || to.endsWith(".type.ts")) return true;
      return department === "incentives" && toDepartment === "evaluation" && /(score|policy)\.ts$/.test(to);
    case "scripts":
      return ["shared", "subgraphs", "gateway", "scripts"].includes(toLayer);
    case "testing":
      return toLayer !== "bench" && toLayer !== "tests";
    default:
      return toLayer !== "tests";
  }
}

describe("the import graph", () => {
  it("covers the whole tree", () => {
    expect(modules.length).toBeGreaterThan(100);
    for (const [file, targets] of graph) for (const target of targets) expect(fs.existsSync(path.join(ROOT, target)), `${file} → ${target}`).toBe(true);
  });

  it("points down: no module imports from a layer above it", () => {
    const upward = [...graph].flatMap(([file, targets]) => targets.filter((t) => !allowed(file, t)).map((t) => `${file} → ${t}`));
    expect(upward).toEqual([]);
  });

  it("has no cycle", () => {
    // Tarjan's strongly connected components: any component of more than one module is a cycle.
    let index = 0;
    const indices = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const connect = (v: string) => {
      indices.set(v, index);
      low.set(v, index++);
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        if (!indices.has(w)) {
          connect(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
      if (low.get(v) === indices.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component);
      }
    };
    for (const v of graph.keys()) if (!indices.has(v)) connect(v);
    expect(cycles).toEqual([]);
  });
});
