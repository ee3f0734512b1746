/** subset-font (HarfBuzz's subsetter in WebAssembly) ships no types. */
declare module "subset-font" {
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: { targetFormat?: "sfnt" | "woff" | "woff2" | "truetype"; dropTables?: string[]; noLayoutClosure?: boolean },
  ): Promise<Buffer>;
}
