// The browser bundle size every bundle figure uses: esbuild, minified, ES2022 modules, gzip.
import { gzipSync } from "node:zlib";
import { build, type BuildOptions } from "esbuild";

/** Bundles `contents` (resolved from `resolveDir`) for the browser; its size in kB gzip. */
export async function gzipBundleSize(contents: string, resolveDir: string, extra: Pick<BuildOptions, "alias" | "plugins"> & { loader?: "ts" | "js" } = {}): Promise<number> {
  const { loader = "ts", ...rest } = extra;
  const result = await build({ stdin: { contents, resolveDir, loader }, bundle: true, minify: true, write: false, platform: "browser", format: "esm", target: "es2022", logLevel: "silent", ...rest });
  return gzipSync(result.outputFiles[0]!.contents).length / 1024;
}
