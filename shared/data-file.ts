/**
 * Rules kept as data (the scoring policy, the 信易+ catalogue): a JSON file validated when it loads
 * — every problem listed at once — then frozen and kept once per process per file.
 */
import fs from "node:fs";

export class DataFileError extends Error {
  constructor(
    readonly kind: string,
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid ${kind} ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "DataFileError";
  }
}

export interface DataFile<T> {
  /** Reads and validates a file; throws a DataFileError listing every problem. */
  load(file?: string): Readonly<T>;
  /** The file's content (default: the shipped one), loaded and validated once per process. */
  active(file?: string): Readonly<T>;
}

/** A validated data file: `validate` returns every problem of the parsed JSON, none when valid. */
export function dataFile<T>(kind: string, defaultFile: string, validate: (data: unknown) => string[]): DataFile<T> {
  const loaded = new Map<string, Readonly<T>>();
  const load = (file = defaultFile): Readonly<T> => {
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
      throw new DataFileError(kind, file, [`cannot read it as JSON: ${(error as Error).message}`]);
    }
    const problems = validate(data);
    if (problems.length > 0) throw new DataFileError(kind, file, problems);
    return Object.freeze(data as T);
  };
  return {
    load,
    active(file = defaultFile) {
      let value = loaded.get(file);
      if (!value) {
        value = load(file);
        loaded.set(file, value);
      }
      return value;
    },
  };
}
